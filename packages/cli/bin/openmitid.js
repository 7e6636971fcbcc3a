#!/usr/bin/env node
// Runs the TypeScript sources directly (the workspace packages export src/*.ts). The
// workspace tsconfig is named explicitly: the ASN.1 schemas use TypeScript's decorators,
// and tsx would otherwise look for a tsconfig from wherever the command is started.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
