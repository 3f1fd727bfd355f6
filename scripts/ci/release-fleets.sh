#!/usr/bin/env bash
# CI step "release" for one stack, after its apply (the apply role's credentials): rolls every blue/green
# EC2 service onto its newest launch template version. `terraform apply` wrote that version (a new AMI or
# app bundle) but leaves the Auto Scaling group's launch_template alone; this starts the group's instance
# refresh with the version as its desired configuration (the stack output `fleet_releases`, the exact
# StartInstanceRefresh input: launch before terminate, checkpoints, bake time, AutoRollback on the service's
# 5xx-rate and unhealthy-hosts alarms). The group moves to the new version only when the refresh succeeds;
# a failed refresh or a firing alarm rolls it back to the old one. Nothing for Terraform to reconcile after.
# Skips a fleet already on its newest version (re-running is safe); refuses to start over a running refresh.
# Usage: bash scripts/ci/release-fleets.sh <stack> [--wait] [--dry-run] [--dir <terraform dir>]
#   --wait     poll until every refresh ends; exit 1 if one rolled back or failed (RELEASE_TIMEOUT_MINUTES, default 90)
#   --dry-run  read the group and print the request it would send, start nothing
#   --dir      the initialized Terraform directory holding the state (default .scratch/plans/<stack>)
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:?usage: release-fleets.sh <stack> [--wait] [--dry-run] [--dir <terraform dir>]}"
shift
wait=0 dry=0 dir=".scratch/plans/$stack"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wait) wait=1 ;;
    --dry-run) dry=1 ;;
    --dir) dir="${2:?--dir needs a directory}"; shift ;;
    *) echo "release-fleets: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
releases="$(terraform -chdir="$dir" output -json | jq -c '.fleet_releases.value // {}')"
services="$(jq -r 'keys[]' <<<"$releases")"
if [[ -z "$services" ]]; then echo "release-fleets: $stack has no blue-green EC2 service; nothing to roll"; exit 0; fi

started=()
for svc in $services; do
  request="$(jq -c --arg s "$svc" '.[$s]' <<<"$releases")"
  group="$(jq -r .AutoScalingGroupName <<<"$request")"
  want="$(jq -r .DesiredConfiguration.LaunchTemplate.Version <<<"$request")"
  current="$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$group" \
    --query 'AutoScalingGroups[0].LaunchTemplate.Version' --output text)"
  if [[ "$current" == "$want" ]]; then
    echo "release-fleets: $svc ($group) already runs launch template version $want"
    continue
  fi
  if [[ $dry -eq 1 ]]; then
    echo "release-fleets: $svc ($group) would roll from launch template version $current to $want:"
    jq . <<<"$request"
    continue
  fi
  active="$(aws autoscaling describe-instance-refreshes --auto-scaling-group-name "$group" \
    --query "InstanceRefreshes[?contains(['Pending','InProgress','Cancelling','RollbackInProgress','Baking'], Status)].InstanceRefreshId | [0]" --output text)"
  if [[ -n "$active" && "$active" != "None" ]]; then
    echo "release-fleets: $svc ($group) has instance refresh $active running; re-run once it ends (it releases version $want then)" >&2
    exit 1
  fi
  id="$(aws autoscaling start-instance-refresh --cli-input-json "$request" --query InstanceRefreshId --output text)"
  echo "release-fleets: $svc ($group): instance refresh $id rolls launch template version $current -> $want (rolls back on $(jq -r '.Preferences.AlarmSpecification.Alarms | join(", ")' <<<"$request"))"
  started+=("$svc $group $id")
done

[[ $wait -eq 1 && ${#started[@]} -gt 0 ]] || exit 0
deadline=$(( $(date +%s) + ${RELEASE_TIMEOUT_MINUTES:-90} * 60 ))
failed=0
for entry in "${started[@]}"; do
  read -r svc group id <<<"$entry"
  while :; do
    read -r status pct reason <<<"$(aws autoscaling describe-instance-refreshes --auto-scaling-group-name "$group" --instance-refresh-ids "$id" \
      --query 'InstanceRefreshes[0].[Status, PercentageComplete, StatusReason]' --output text)"
    case "$status" in
      Successful) echo "release-fleets: $svc released ($id)"; break ;;
      Failed|Cancelled|RollbackSuccessful|RollbackFailed)
        echo "release-fleets: $svc NOT released: refresh $id ended $status: $reason" >&2; failed=1; break ;;
    esac
    if [[ $(date +%s) -gt $deadline ]]; then echo "release-fleets: $svc: refresh $id still $status after ${RELEASE_TIMEOUT_MINUTES:-90} min; watch it in the console" >&2; failed=1; break; fi
    echo "release-fleets: $svc: $status ${pct:-0}%"
    sleep 30
  done
done
exit "$failed"
