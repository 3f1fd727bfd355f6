/**
 * globalSetup of the `unit` jest project: synthesizes the built-in profiles once (see profiles.ts) before the test files
 * read them, and names the tree in the environment the workers start with.
 */
import { synthesizedProfiles, TREE_VARIABLE } from './profiles';

export default function globalSetup(): void {
  // Never a tree a caller's environment named: this run's sources decide.
  delete process.env[TREE_VARIABLE];
  process.env[TREE_VARIABLE] = synthesizedProfiles().dir;
}
