/** globalSetup of the `unit` jest project: synthesizes the built-in profiles once (see profiles.ts) before the test files read them. */
import { synthesizedProfiles } from './profiles';

export default function globalSetup(): void {
  synthesizedProfiles();
}
