import { ProfileConfig } from '../types';
import { checkBeanstalk } from './beanstalk';
import { checkEks } from './eks';
import { Problems } from './shared';

const COMPUTE = ['ec2', 'eks', 'beanstalk'];

/** `compute` and what each choice reads (the eks and beanstalk sections), plus the services' memory targets. */
export function checkCompute(p: ProfileConfig, out: Problems): void {
  const compute = p.compute ?? 'ec2';
  out.need(COMPUTE.includes(compute), `compute "${compute}" must be "ec2", "eks" or "beanstalk"`);
  p.services.forEach((s, i) => {
    if (s.memoryTargetPercent !== undefined) {
      out.need(s.memoryTargetPercent >= 10 && s.memoryTargetPercent <= 95, `services[${i}] (${s.name}).memoryTargetPercent (${s.memoryTargetPercent}) must be 10-95`);
    }
  });
  checkEks(p, out);
  checkBeanstalk(p, out);
}
