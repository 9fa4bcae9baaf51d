#!/usr/bin/env node
// The `parcours` command. The code lives in ../dist (built by `npm run build`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
