import { Hono } from 'hono';
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { ApiError } from '../errors.ts';
import { machineGraph, type MachineGraph, type MachineGraphEdge, type MachineGraphNode } from '../machine-graph/index.ts';
import { requireRole } from '../middleware/admin-auth/index.ts';
import type { ActorKind } from '../../runtime/ActorKind.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';
import { declarationOf, kindView } from '../admin/actors/kindView.ts';

/** What the catalogue says an admin may send to a kind (runtime/ActorKind.ts), for the dashboard's form. */
export type KindForms = Pick<ActorKind, 'eventTypes' | 'exampleEvents'>;

export const LAYOUT_PATH = '/api/v1/admin/actors/:id/machine/layout';
const ACTOR_ID = /^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.:-]{1,128}$/;

/** A state box, in absolute diagram coordinates. */
export interface LaidOutNode extends MachineGraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** events handled without leaving the state (self-loops): listed in the box, not drawn as arrows */
  selfEvents: string[];
  /** `selfEvents` wrapped into the lines the box was sized for (draw them as given) */
  selfLines: string[];
}

/** A transition arrow: a polyline in absolute coordinates and where its event label goes. */
export interface LaidOutEdge extends MachineGraphEdge {
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
}

export interface MachineLayout {
  machineId: string;
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** every event type the machine names, for the dashboard's send form */
  eventTypes: string[];
}

// monospace-ish estimates: the browser draws with a fixed font size, ELK only needs boxes big enough
const CHAR_W = 7.5;
const LABEL_H = 16;
const NODE_MIN_W = 90;
const ATOMIC_H = 38;

let elkInstance: Promise<ElkApi> | null = null;
/**
 * ELK is loaded on the first diagram, not at start-up: its 1.5 MB bundle took ~2 s of every `midgard start`
 * on a 2-core machine, for a page most starts never open.
 */
function loadElk(): Promise<ElkApi> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((ElkModule) => {
    // elk.bundled.js is CommonJS: under NodeNext its typed default is the module record, at run time the class
    const ElkClass = ((ElkModule as { default?: unknown }).default ?? ElkModule) as unknown as new () => ElkApi;
    return new ElkClass();
  });
  return elkInstance;
}

const SELF_CHAR_W = 6.8; // 11px monospace
const SELF_LINE_CHARS = 44;
const SELF_LINE_H = 13;

/** `↻ a, b, c` wrapped at word boundaries into lines of at most SELF_LINE_CHARS characters (longer words alone). */
export function wrapSelfEvents(events: string[]): string[] {
  if (!events.length) return [];
  const lines: string[] = [];
  let line = '↻';
  events.forEach((event, i) => {
    const word = i < events.length - 1 ? `${event},` : event;
    if (line.length + 1 + word.length > SELF_LINE_CHARS && line !== '↻') {
      lines.push(line);
      line = word;
    } else line = `${line} ${word}`;
  });
  lines.push(line);
  return lines;
}

function nodeSize(node: MachineGraphNode, lines: string[]): { width: number; height: number } {
  const longest = Math.max(0, ...lines.map((l) => l.length));
  const width = Math.max(NODE_MIN_W, node.key.length * CHAR_W + 32, longest * SELF_CHAR_W + 28);
  return { width: Math.round(width), height: ATOMIC_H + (lines.length ? lines.length * SELF_LINE_H + 4 : 0) };
}

/** The deepest state that contains both a and b (edges live in their lowest common container, as ELK expects). */
function commonContainer(a: string, b: string, parentOf: Map<string, string | null>): string | null {
  const ancestors = new Set<string>();
  for (let n: string | null = parentOf.get(a) ?? null; n !== null; n = parentOf.get(n) ?? null) ancestors.add(n);
  for (let n: string | null = parentOf.get(b) ?? null; n !== null; n = parentOf.get(n) ?? null) if (ancestors.has(n)) return n;
  return null;
}

/**
 * Lay a machine graph out with elkjs (layered, left to right, compound states as nested boxes) and return
 * absolute coordinates the dashboard draws as SVG without any layout code of its own.
 *
 * @example
 * const layout = await layoutMachine(machineGraph(counterMachine)!);
 * layout.nodes.find((n) => n.key === 'idle'); // { x, y, width, height, … }
 */
export async function layoutMachine(graph: MachineGraph): Promise<MachineLayout> {
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent] as const));
  const selfEvents = new Map<string, string[]>();
  const arrows: MachineGraphEdge[] = [];
  const isAncestor = (a: string, b: string) => b.startsWith(`${a}.`);
  const keyOf = new Map(graph.nodes.map((n) => [n.id, n.key] as const));
  for (const e of graph.edges) {
    // a transition that stays inside its source (a self-loop, or a parent entering one of its own children)
    // reads better as a line in the box than as an arrow crossing the box's own border
    let note: string | null = null;
    if (e.source === e.target) note = e.label;
    else if (isAncestor(e.source, e.target) || isAncestor(e.target, e.source)) note = `${e.label} → ${keyOf.get(e.target) ?? e.target}`;
    if (note === null) arrows.push(e);
    else selfEvents.set(e.source, [...new Set([...(selfEvents.get(e.source) ?? []), note])]);
  }

  const selfLines = new Map([...selfEvents].map(([id, events]) => [id, wrapSelfEvents(events)] as const));
  const elkNodes = new Map<string, ElkNode>();
  for (const n of graph.nodes) {
    const compound = graph.nodes.some((c) => c.parent === n.id);
    const lines = selfLines.get(n.id) ?? [];
    const size = compound ? {} : nodeSize(n, lines);
    // a compound box lists its own events under its name: room above its children, and wide enough for them
    const extraTop = compound && lines.length ? lines.length * SELF_LINE_H + 4 : 0;
    const minWidth = Math.round(Math.max(n.key.length * CHAR_W, ...lines.map((l) => l.length * SELF_CHAR_W)) + 28);
    elkNodes.set(n.id, {
      id: n.id, ...size, children: [], edges: [],
      layoutOptions: compound
        ? { 'elk.padding': `[top=${34 + extraTop},left=14,bottom=14,right=14]`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE', 'elk.nodeSize.minimum': `(${minWidth}, 40)` }
        : {},
    });
  }
  const roots: ElkNode[] = [];
  for (const n of graph.nodes) {
    const elkNode = elkNodes.get(n.id)!;
    if (n.parent === null) roots.push(elkNode);
    else elkNodes.get(n.parent)!.children!.push(elkNode);
  }
  const top: ElkNode = {
    id: '__diagram', children: roots, edges: [],
    layoutOptions: {
      'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60', 'elk.spacing.nodeNode': '30', 'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false', 'elk.padding': '[top=10,left=10,bottom=10,right=10]',
    },
  };
  for (const e of arrows) {
    const container = commonContainer(e.source, e.target, parentOf);
    const edge: ElkExtendedEdge = {
      id: e.id, sources: [e.source], targets: [e.target],
      labels: [{ text: e.label, width: Math.round(e.label.length * CHAR_W + 6), height: LABEL_H }],
    };
    (container === null ? top : elkNodes.get(container)!).edges!.push(edge);
  }

  const laid = await (await loadElk()).layout(top);

  // ELK gives child coordinates relative to their parent and edge coordinates relative to their container
  const origin = new Map<string, { x: number; y: number }>([['__diagram', { x: 0, y: 0 }]]);
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  const laidEdges = new Map<string, { edge: ElkExtendedEdge; container: string }>();
  const walk = (node: ElkNode, ox: number, oy: number) => {
    for (const e of node.edges ?? []) laidEdges.set(e.id, { edge: e, container: node.id });
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      origin.set(child.id, { x, y });
      boxes.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
      walk(child, x, y);
    }
  };
  walk(laid, 0, 0);

  const nodes: LaidOutNode[] = graph.nodes.map((n) => ({ ...n, ...boxes.get(n.id)!, selfEvents: selfEvents.get(n.id) ?? [], selfLines: selfLines.get(n.id) ?? [] }));
  const edges: LaidOutEdge[] = arrows.map((e) => {
    const { edge, container } = laidEdges.get(e.id)!;
    const o = origin.get(container) ?? { x: 0, y: 0 };
    const section = edge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: o.x + p.x, y: o.y + p.y })) : [];
    const label = edge.labels?.[0];
    return { ...e, points, labelX: o.x + (label?.x ?? 0), labelY: o.y + (label?.y ?? 0) };
  });
  const eventTypes = [...new Set(graph.edges.map((e) => e.label))].filter((t) => !t.startsWith('xstate.')).sort();
  return { machineId: graph.machineId, width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes, edges, eventTypes };
}

/**
 * `GET /api/v1/admin/actors/:id/machine/layout` (gm+): the actor kind's machine laid out for the dashboard, with
 * the actor's current state and the kind's event table (the events its logic handles, with the examples of its
 * declaration that it really handles, for the send form). XState machines are laid out once per kind; logic
 * without states (reaction tables, @xstate/store) answers `layout: null`: the page shows its event table.
 * Mount it on the gateway app (after `adminAuth` is in place for `/api/v1/admin/*`).
 *
 * @example
 * app.route('/', machineLayoutRoutes(deps));
 */
export function machineLayoutRoutes(deps: Pick<GatewayDeps, 'runtime' | 'logicOf'> & { kindOf?: (kind: string) => KindForms | undefined }): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const cache = new Map<string, Promise<MachineLayout>>();
  app.get(LAYOUT_PATH, requireRole('gm'), async (c) => {
    const id = c.req.param('id');
    if (!ACTOR_ID.test(id)) throw new ApiError(400, 'invalid_request', 'actor ids are kind:key');
    const kind = id.split(':', 1)[0]!;
    const logic = deps.logicOf?.(kind);
    if (!logic) throw new ApiError(404, 'kind_not_found', `no actor kind '${kind}'`);
    const actor = await deps.runtime.getActor(id);
    const view = kindView(kind, logic, deps.kindOf ? deps.kindOf(kind) : declarationOf(deps.runtime, kind));
    const graph = view.shape === 'machine' ? machineGraph(logic) : null;
    let layout: Promise<MachineLayout> | null = null;
    if (graph) {
      layout = cache.get(kind) ?? layoutMachine(graph);
      cache.set(kind, layout);
      layout.catch(() => cache.delete(kind));
    }
    return c.json({
      kind, shape: view.shape, state: actor?.state ?? null, layout: layout && (await layout),
      events: view.events, eventTypes: view.events.map((e) => e.type), exampleEvents: view.examples, unhandled: view.unhandled,
    });
  });
  return app;
}
