import type { Command } from '../command.js';

/** Every command of `openmitid`, in the order `openmitid help` lists them. Add new commands here. */
export const commands: Command[] = [];
