#!/usr/bin/env bash
# After a blue/green release, points Terraform at the fleet that now serves: CodeDeploy copied the
# service's Auto Scaling group (CodeDeploy_<group>_<id>) and deleted the one Terraform created, so the
# state still names a group that is gone and a plan would create it again (scripts/ci/plan.sh refuses
# such a plan). This moves the stack's ASG address to the group the deployment group lists now
# (`terraform state rm` + `terraform import`); the group's `name` is ignored by Terraform, so nothing is
# replaced, and its scaling policies and alarms follow on the next apply. Idempotent.
# Usage: bash scripts/adopt-fleet.sh <stack> <service>   (after `npm run synth`, with the stack's backend
# and AWS credentials that may read CodeDeploy and write the state: locally, or the CI apply role)
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:?usage: adopt-fleet.sh <stack> <service>}"
service="${2:?usage: adopt-fleet.sh <stack> <service>}"
dir="cdktf.out/stacks/$stack"
[[ -f "$dir/cdk.tf.json" ]] || { echo "adopt-fleet: $dir/cdk.tf.json not found: run npm run synth" >&2; exit 1; }
# The deployment group of <service> and the ASG address it lists, from the synthesized JSON.
read -r group address < <(node -e '
  const json = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const groups = Object.values(json.resource?.aws_codedeploy_deployment_group ?? {});
  const g = groups.find((x) => x.deployment_group_name.endsWith(`-${process.argv[2]}`));
  if (!g) { console.error(`adopt-fleet: ${process.argv[2]} has no blue/green deployment group in this stack`); process.exit(1); }
  const m = /^\$\{(aws_autoscaling_group\.[^.}]+)\.name\}$/.exec(g.autoscaling_groups[0]);
  console.log(g.deployment_group_name, m[1]);
' "$dir/cdk.tf.json" "$service")
# The application and the deployment group share one name (BlueGreenDeployment).
serving="$(aws deploy get-deployment-group --application-name "$group" --deployment-group-name "$group" \
  --query 'deploymentGroupInfo.autoScalingGroups[0].name' --output text)"
terraform -chdir="$dir" init -input=false -no-color >/dev/null
tracked="$(terraform -chdir="$dir" show -json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const state = JSON.parse(s);
    const r = (state.values?.root_module?.resources ?? []).find((x) => x.address === process.argv[1]);
    console.log(r ? r.values.name : "");
  });' "$address")"
if [[ "$tracked" == "$serving" ]]; then
  echo "adopt-fleet: $address already tracks $serving (nothing to do)"
  exit 0
fi
echo "adopt-fleet: $address tracks ${tracked:-nothing}; deployment group $group serves from $serving: adopting it"
if [[ -n "$tracked" ]]; then terraform -chdir="$dir" state rm "$address"; fi
terraform -chdir="$dir" import -input=false -no-color "$address" "$serving"
echo "adopt-fleet: done; review with: terraform -chdir=$dir plan"
