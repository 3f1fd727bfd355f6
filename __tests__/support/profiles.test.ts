/** The run's one synth of every built-in profile (support/profiles.ts) stands in for synthesizing them in test files. */
import { Testing } from 'cdktf';
import { PROFILES } from '../../src/config/profiles';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { profileJson, synthesizedProfiles } from './profiles';
import { isBuiltIn, synthProfile } from './synth';

describe('the synthesized built-in profiles', () => {
  test.each(Object.keys(PROFILES))('%s: the same text Testing.synth gives for the profile built in this file', (name) => {
    const here = Testing.synth(new PlatformStack(Testing.app(), name, { profile: PROFILES[name] }));
    // Compared as text first (a diff of 200 kB objects is unreadable), then parsed, for the first difference.
    const cached = synthesizedProfiles().testing(name);
    if (cached !== here) expect(JSON.parse(cached)).toEqual(JSON.parse(here));
    expect(cached).toBe(here);
  });

  test('synthProfile reads a built-in profile (or an equal copy) from disk, and synthesizes any other', () => {
    expect(isBuiltIn(PROFILES.cafe)).toBe(true);
    expect(isBuiltIn({ ...PROFILES.cafe })).toBe(true);
    // An explicit undefined is not the same profile: a spread of defaults would take it.
    expect(isBuiltIn({ ...PROFILES.cafe, dns: undefined })).toBe(false);
    expect(isBuiltIn({ ...PROFILES.cafe, region: 'eu-west-2' })).toBe(false);
    const cafe = synthProfile(PROFILES.cafe);
    expect(cafe.raw).toBe(synthesizedProfiles().testing('cafe'));
    // Its stack is built on demand, from the same profile.
    expect(cafe.stack.node.id).toBe('cafe');
    const moved = synthProfile({ ...PROFILES.cafe, region: 'eu-west-2' });
    expect(moved.json.provider.aws[0].region).toBe('eu-west-2');
    // Each call parses afresh: a test may change what it got.
    const a = profileJson('lab');
    a.resource = {};
    expect(Object.keys(profileJson('lab').resource).length).toBeGreaterThan(10);
  });
});
