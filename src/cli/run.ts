/** Runs the `alcove` command with this process's arguments. The package ships it built
 * (dist/package/cli/alcove.js, package.json "bin"); in this repository src/cli/bin.mjs runs
 * it from source through tsx. */
import { main } from './alcove';

process.exitCode = await main(process.argv.slice(2));
