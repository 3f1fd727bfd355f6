/**
 * The Beanstalk blue/green release steps the pipeline's CodeBuild actions run (a leaf module: text only, so a test
 * runs it against a fake `aws` and `curl` on PATH). The idle environment is found at run time: the one NOT holding
 * the live CNAME (`<LIVE_CNAME_PREFIX>.<region>.elasticbeanstalk.com`), which after every swap is the other one.
 *
 * STEP=find   exports LIVE_ENV, IDLE_ENV, IDLE_CNAME (CodePipeline variables of the action's namespace); refuses unless
 *             exactly one environment holds the live name, the other does not, and both are Ready.
 * STEP=smoke  GETs $SCHEME://$IDLE_CNAME$HEALTH_PATH until it answers 200 (SMOKE_TRIES x SMOKE_WAIT seconds).
 * STEP=swap   checks the live environment is still $LIVE_ENV (nothing swapped since this release was tested), swaps the
 *             CNAMEs, waits for both environments, and checks $IDLE_ENV now holds the live name.
 * Project environment: APP, ENVIRONMENTS ("blue green" names), LIVE_CNAME_PREFIX, SCHEME, HEALTH_PATH.
 */
export const BEANSTALK_RELEASE_SCRIPT = `set -euo pipefail
: "\${APP:?}" "\${ENVIRONMENTS:?}" "\${LIVE_CNAME_PREFIX:?}" "\${STEP:?}"
release_envs() {
  # name, CNAME, status per line; terminated environments are left out.
  aws elasticbeanstalk describe-environments --application-name "$APP" --environment-names $ENVIRONMENTS --no-include-deleted --query 'Environments[].[EnvironmentName,CNAME,Status]' --output text
}
release_resolve() {
  local rows live idle
  rows="$(release_envs)"
  live="$(awk -v p="$LIVE_CNAME_PREFIX." 'index($2, p) == 1 { print $1 }' <<<"$rows")"
  idle="$(awk -v p="$LIVE_CNAME_PREFIX." 'NF >= 2 && index($2, p) != 1 { print $1 }' <<<"$rows")"
  if [ "$(grep -c . <<<"$live")" != 1 ] || [ "$(grep -c . <<<"$idle")" != 1 ]; then
    echo "release: expected one live and one idle environment of $APP ($ENVIRONMENTS) for $LIVE_CNAME_PREFIX.*, found live [$live] idle [$idle]" >&2
    return 1
  fi
  if awk '$3 != "Ready" { bad = 1 } END { exit !bad }' <<<"$rows"; then
    echo "release: an environment of $APP is not Ready (an update or swap is under way): retry when it is" >&2
    return 1
  fi
  RESOLVED_LIVE="$live"
  RESOLVED_IDLE="$idle"
  RESOLVED_IDLE_CNAME="$(awk -v e="$idle" '$1 == e { print $2 }' <<<"$rows")"
}
case "$STEP" in
  find)
    release_resolve
    export LIVE_ENV="$RESOLVED_LIVE" IDLE_ENV="$RESOLVED_IDLE" IDLE_CNAME="$RESOLVED_IDLE_CNAME"
    echo "release: $LIVE_ENV is live; this release goes to the idle $IDLE_ENV ($IDLE_CNAME)"
    ;;
  smoke)
    : "\${IDLE_CNAME:?}" "\${SCHEME:?}" "\${HEALTH_PATH:?}"
    # The environment's own name is not on the site's certificate: HTTPS is checked for an answer, not for the name.
    insecure=()
    if [ "$SCHEME" = https ]; then insecure=(--insecure); fi
    ok=0
    for _ in $(seq 1 "\${SMOKE_TRIES:-10}"); do
      code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "\${insecure[@]}" "$SCHEME://$IDLE_CNAME$HEALTH_PATH" || true)"
      if [ "$code" = 200 ]; then ok=1; break; fi
      echo "release: $SCHEME://$IDLE_CNAME$HEALTH_PATH answered $code; retrying"
      sleep "\${SMOKE_WAIT:-15}"
    done
    if [ "$ok" != 1 ]; then echo "release: smoke test of the idle $IDLE_CNAME failed: nothing was swapped" >&2; false; fi
    echo "release: idle $IDLE_CNAME answers 200 on $HEALTH_PATH"
    ;;
  swap)
    : "\${LIVE_ENV:?}" "\${IDLE_ENV:?}"
    release_resolve
    if [ "$RESOLVED_LIVE" != "$LIVE_ENV" ]; then
      echo "release: $RESOLVED_LIVE is live now, not $LIVE_ENV as when this release was tested: not swapping (run the release again)" >&2
      false
    fi
    aws elasticbeanstalk swap-environment-cnames --source-environment-name "$IDLE_ENV" --destination-environment-name "$LIVE_ENV"
    aws elasticbeanstalk wait environment-updated --application-name "$APP" --environment-names "$IDLE_ENV" "$LIVE_ENV"
    release_resolve
    if [ "$RESOLVED_LIVE" != "$IDLE_ENV" ]; then echo "release: after the swap $RESOLVED_LIVE is live, expected $IDLE_ENV" >&2; false; fi
    echo "release: $IDLE_ENV is live; $LIVE_ENV is idle with the previous version (swap again to roll back)"
    ;;
  *)
    echo "release: STEP must be find, smoke or swap, not $STEP" >&2
    false
    ;;
esac
`;

/** The buildspec of the release project: the script above as one bash command, its variables exported to the pipeline. */
export function beanstalkReleaseBuildspec(): string {
  return JSON.stringify({
    version: '0.2',
    env: { shell: 'bash', 'exported-variables': ['LIVE_ENV', 'IDLE_ENV', 'IDLE_CNAME'] },
    phases: { build: { commands: [BEANSTALK_RELEASE_SCRIPT] } },
  });
}
