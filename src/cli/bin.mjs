#!/usr/bin/env node
// `alcove` command (package.json "bin"): runs the TypeScript CLI through tsx (a devDependency).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./alcove.ts');
process.exitCode = await main(process.argv.slice(2));
