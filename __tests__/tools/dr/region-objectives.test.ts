/** The region-failover drill and design.md quote one RTO/RPO (src/tools/dr/objectives.ts), read here from what each prints. */
import { synthesizedProfiles } from '../../support/profiles';
import { planRegionFailover, regionFailoverText } from '../../../src/tools/dr/runbook';
import { buildModel } from '../../../src/tools/deliverables/model';
import { dataDot } from '../../../src/tools/deliverables/views';
import { builtInDesign } from '../deliverables/built-in-design';

const synth = synthesizedProfiles();

describe.each(['ecommerce', 'fastier', 'fastier-beanstalk', 'ecommerce-eks'])('%s: RTO/RPO of losing the region', (stack) => {
  const json = synth.read(stack);
  const drill = regionFailoverText(planRegionFailover(stack, json));
  const rto = /^ {2}RTO: (.+)$/m.exec(drill)?.[1];
  const rpo = /^ {2}RPO: (.+)$/m.exec(drill)?.[1];

  test('the drill prints them', () => {
    expect(rto).toMatch(/^about \d+ min \((backup-restore|pilot-light|warm-standby): detect \d+ \+ decide \d+ \+ max\(.+\) \+ traffic \d+\)$/);
    expect(rpo).toMatch(/^database: /);
  });

  test('design.md\'s failure-modes table quotes the same figures in its region row', () => {
    const md = builtInDesign(stack);
    const row = md.split('\n').find((l) => /^\| Region [a-z0-9-]+ fails \|/.test(l));
    expect(row).toBeDefined();
    const cells = row!.split(' | ');
    expect(cells).toContain(rto);
    expect(cells).toContain(rpo);
    expect(row).toContain(`npm run drill -- ${stack} region-failover`);
  });

  test('the data view\'s RTO/RPO table carries the same RTO', () => {
    const dot = dataDot(buildModel(stack, json)).replace(/<br align="left"\/>/g, ' ').replace(/\s+/g, ' ');
    expect(dot).toContain(/^about \d+ min/.exec(rto!)![0]);
  });
});
