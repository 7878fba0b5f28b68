#!/usr/bin/env node
// The synthaudit executable: runs the CLI (src/app/main.ts) and sets the exit code.
// Kept tiny so that tests drive main() directly and the binary only wires process state.
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
