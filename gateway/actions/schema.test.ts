import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';
import { ACTION_TYPES, actionTypes } from '../../contract/actions.ts';

describe('BridgeAction in /openapi.json', () => {
  it('documents every contract action type with its payload, derived from contract/actions.ts', async () => {
    const doc = (await (await makeHarness().app.request('/openapi.json')).json()) as { components: { schemas: Record<string, any> } };
    const schemas = doc.components.schemas;
    expect(schemas.BridgeAction.oneOf).toHaveLength(actionTypes.length);
    for (const type of actionTypes) {
      const s = schemas[`BridgeAction_${type}`];
      expect(s, type).toBeDefined();
      expect(s.properties.action_type).toMatchObject({ enum: [type], description: ACTION_TYPES[type].meaning });
      expect(s.required).toEqual(expect.arrayContaining(['action_id', 'action_type', 'payload']));
    }
    expect(schemas.BridgeAction_update_economy.properties.payload.properties.prices.items.required).toEqual(['item_id', 'price']);
  });
});
