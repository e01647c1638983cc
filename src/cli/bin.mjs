#!/usr/bin/env node
// `alcove` from source, in this repository (`npm run alcove -- …`): runs the TypeScript CLI
// through tsx (a devDependency). The installed package runs the built dist/package/cli/alcove.js.
import { register } from 'tsx/esm/api';

register();
await import('./run.ts');
