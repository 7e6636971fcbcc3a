export { VirtualChip, type VirtualChipOptions, type LatencyModel } from './virtual-chip.js';
