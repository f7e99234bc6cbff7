#!/usr/bin/env node
// `npm run bench`: runs bench/main.ts directly (tsx), like bin/drm-workbench.mjs runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
