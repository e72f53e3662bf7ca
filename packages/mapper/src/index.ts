export * from './placement.js';
export { synapseBlockBits, synapseFormatOf, denseSynapseBits, sparseSynapseBits, type SynapseFormat, type BlockCost } from './encoding.js';
