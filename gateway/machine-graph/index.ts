import { toDirectedGraph } from '@xstate/graph';
import type { AnyActorLogic, AnyStateMachine } from 'xstate';

export interface MachineGraphNode {
  id: string;
  /** the state's own key (`gathering`), `id` is its full path (`npc.working.gathering`) */
  key: string;
  parent: string | null;
  type: string;
  initial: boolean;
}

export interface MachineGraphEdge {
  id: string;
  source: string;
  target: string;
  /** the event type that takes this transition */
  label: string;
}

export interface MachineGraph {
  machineId: string;
  nodes: MachineGraphNode[];
  edges: MachineGraphEdge[];
}

type DirectedNode = ReturnType<typeof toDirectedGraph>;

const isMachine = (logic: AnyActorLogic): logic is AnyStateMachine =>
  typeof (logic as { root?: unknown }).root === 'object' && typeof (logic as { getInitialSnapshot?: unknown }).getInitialSnapshot === 'function';

/**
 * Flatten an XState machine's structure (via @xstate/graph `toDirectedGraph`) into plain nodes and edges for
 * the dashboard's diagram (elkjs lays it out there). Non-machine logic (@xstate/store) has no states: null.
 *
 * @example
 * const g = machineGraph(createMachine({ id: 'door', initial: 'shut', states: { shut: { on: { open: 'open' } }, open: {} } }));
 * g.edges; // [{ id: …, source: 'door.shut', target: 'door.open', label: 'open' }]
 */
export function machineGraph(logic: AnyActorLogic): MachineGraph | null {
  if (!isMachine(logic)) return null;
  const root = toDirectedGraph(logic);
  const nodes: MachineGraphNode[] = [];
  const edges: MachineGraphEdge[] = [];
  const visit = (node: DirectedNode, parent: DirectedNode | null) => {
    const stateNode = node.stateNode;
    nodes.push({
      id: node.id,
      key: stateNode.key,
      parent: parent?.id ?? null,
      type: stateNode.type,
      initial: parent !== null && parent.stateNode.initial?.target?.some((t) => t.id === stateNode.id) === true,
    });
    for (const edge of node.edges) {
      edges.push({ id: edge.id, source: edge.source.id, target: edge.target.id, label: edge.label.text });
    }
    for (const child of node.children) visit(child, node);
  };
  visit(root, null);
  return { machineId: logic.id, nodes, edges };
}
