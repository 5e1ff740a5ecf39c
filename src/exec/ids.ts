/**
 * Node-indexed tables live with the graph (`graph/topo.ts`); re-exported here for the
 * execution modules.
 * @module
 * @internal
 */
export { NodeIndex, topoOrder as fastTopoOrder } from '../graph/topo.js';
