/** PlatformStack skips cdktf's preparing resolve (platform-stack.ts prepareStack): it would add nothing. */
import { TerraformStack, Testing } from 'cdktf';
import { PROFILES } from '../../src/config/profiles';
import { PlatformStack } from '../../src/stacks/platform-stack';

test('every profile in one app, as main.ts builds them: cdktf\'s preparing pass adds no construct, dependency or reference', () => {
  const app = Testing.app();
  const stacks = Object.values(PROFILES).map((profile) => new PlatformStack(app, profile.name, { profile }));
  const before = stacks.map((s) => ({ constructs: s.node.findAll().length, json: JSON.stringify(s.toTerraform()) }));
  for (const stack of stacks) {
    stack.prepareStack();
    // What TerraformStack itself would run: every element resolved with `preparing`, looking for other stacks' references.
    TerraformStack.prototype.prepareStack.call(stack);
  }
  stacks.forEach((s, i) => {
    expect([s.node.id, s.dependencies.length]).toEqual([s.node.id, 0]);
    // The backend the skipped pass would have ensured is there (a default local one; it adds one construct).
    expect([s.node.id, s.node.findAll().length]).toEqual([s.node.id, before[i].constructs + 1]);
    const after = s.toTerraform();
    expect(after.terraform.backend.local).toBeDefined();
    delete after.terraform.backend;
    expect([s.node.id, JSON.stringify(after)]).toEqual([s.node.id, before[i].json]);
  });
});
