#!/usr/bin/env node
// `npm start`, `npm run dev`, `npm run start:widevine`, `npm run dist`: the desktop launcher
// (scripts/desktop/main.ts), run from its TypeScript sources like the CLI, so it works on a fresh
// clone before anything is built.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/desktop/main.ts');
process.exitCode = await main(process.argv.slice(2));
