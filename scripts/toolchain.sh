#!/usr/bin/env bash
# Prepares the tools the Terraform checks need, in ignored folders of the project:
#   - checks that `terraform` (>= 1.5) is on PATH and prints its version;
#   - writes .scratch/terraformrc: a filesystem mirror of the AWS provider when one is found
#     ($STORMPROOF_TF_MIRROR, else /opt/tf-plugins, ~/.terraform.d/plugins...), `direct` for the rest;
#   - installs requirements/moto.txt into .venv/moto, requirements/checkov.txt into .venv/checkov and
#     requirements/kubernetes-validate.txt into .venv/kubernetes-validate (each in its own virtualenv;
#     skipped when the pinned set is already installed);
#   - builds actionlint (pinned, with Go) into .scratch/bin for the workflow check (skipped when present).
# Usage: bash scripts/toolchain.sh            (everything)
#        bash scripts/toolchain.sh --no-python (terraform + CLI config only)
#        source <(bash scripts/toolchain.sh --print-env)  (exports the variables below in your shell; the Terraform
#        checks and this script then use those tools, so a second work tree installs and builds nothing)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/.scratch"
rc="$scratch/terraformrc"
mode="${1:-all}"

env_lines() {
  cat <<ENV
export TF_CLI_CONFIG_FILE="$rc"
export CHECKPOINT_DISABLE=1
export CDKTF_HOME="$scratch/cdktf-home"
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
export TF_IN_AUTOMATION=1
export STORMPROOF_MOTO_PYTHON="$root/.venv/moto/bin/python"
export STORMPROOF_CHECKOV="$root/.venv/checkov/bin/checkov"
export STORMPROOF_ACTIONLINT="$scratch/bin/actionlint"
export STORMPROOF_KUBERNETES_VALIDATE="$root/.venv/kubernetes-validate/bin/kubernetes-validate"
ENV
}
if [[ "$mode" == "--print-env" ]]; then env_lines; exit 0; fi

# 1. terraform >= 1.5
if ! command -v terraform >/dev/null 2>&1; then
  echo "toolchain: terraform not found on PATH; install Terraform >= 1.5 from https://developer.hashicorp.com/terraform/install (or apt-get install terraform from apt.releases.hashicorp.com)" >&2
  exit 1
fi
tf_version="$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1)"
IFS=. read -r tf_major tf_minor _ <<<"$tf_version"
if [[ -z "$tf_version" ]] || (( tf_major < 1 || (tf_major == 1 && tf_minor < 5) )); then
  echo "toolchain: terraform ${tf_version:-unknown} is too old; install Terraform >= 1.5 from https://developer.hashicorp.com/terraform/install" >&2
  exit 1
fi
echo "toolchain: terraform $tf_version ($(command -v terraform))"

# 2. CLI config: provider mirror when present, registry otherwise
mkdir -p "$scratch" "$scratch/cdktf-home" "$scratch/tmp"
mirror=""
for candidate in "${STORMPROOF_TF_MIRROR:-}" /opt/tf-plugins "$HOME/.terraform.d/plugins" /usr/share/terraform/plugins; do
  if [[ -n "$candidate" && -d "$candidate/registry.terraform.io/hashicorp/aws" ]]; then mirror="$candidate"; break; fi
done
if [[ -n "${STORMPROOF_TF_MIRROR:-}" && "$mirror" != "$STORMPROOF_TF_MIRROR" ]]; then
  echo "toolchain: STORMPROOF_TF_MIRROR=$STORMPROOF_TF_MIRROR has no registry.terraform.io/hashicorp/aws folder" >&2
  exit 1
fi
{
  echo "# Written by scripts/toolchain.sh; do not edit (re-run the script)."
  echo "provider_installation {"
  if [[ -n "$mirror" ]]; then
    echo "  filesystem_mirror {"
    echo "    path    = \"$mirror\""
    echo "    include = [\"registry.terraform.io/hashicorp/aws\"]"
    echo "  }"
    echo "  direct {"
    echo "    exclude = [\"registry.terraform.io/hashicorp/aws\"]"
    echo "  }"
  else
    echo "  direct {}"
  fi
  echo "}"
  echo "disable_checkpoint = true"
} >"$rc.tmp"
mv "$rc.tmp" "$rc"
if [[ -n "$mirror" ]]; then
  echo "toolchain: CLI config $rc (aws provider from mirror $mirror: $(ls "$mirror/registry.terraform.io/hashicorp/aws" | tr '\n' ' '))"
else
  echo "toolchain: CLI config $rc (no provider mirror found: providers come from registry.terraform.io)"
fi

# 3. actionlint for .github/workflows (Go builds it in ~35 s once; the binary is kept in .scratch/bin)
actionlint_version="1.7.12"
actionlint="${STORMPROOF_ACTIONLINT:-$scratch/bin/actionlint}"
if [[ -n "${STORMPROOF_ACTIONLINT:-}" && "$actionlint" != "$scratch/bin/actionlint" ]]; then
  # Another work tree's toolchain (source <(bash <that tree>/scripts/toolchain.sh --print-env)): use it, build nothing here.
  if ! "$actionlint" -version 2>/dev/null | head -1 | grep -qx "v$actionlint_version"; then
    echo "toolchain: STORMPROOF_ACTIONLINT=$actionlint is not actionlint v$actionlint_version: unset it or point it at one" >&2
    exit 1
  fi
  echo "toolchain: actionlint $actionlint_version from STORMPROOF_ACTIONLINT ($actionlint)"
elif [[ -x "$actionlint" ]] && "$actionlint" -version 2>/dev/null | head -1 | grep -qx "v$actionlint_version"; then
  echo "toolchain: actionlint $actionlint_version up to date (.scratch/bin/actionlint)"
else
  if ! command -v go >/dev/null 2>&1; then
    echo "toolchain: go not found on PATH; install Go >= 1.24 from https://go.dev/dl/ to build actionlint v$actionlint_version" >&2
    exit 1
  fi
  mkdir -p "$scratch/bin"
  GOBIN="$scratch/bin" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version"
  echo "toolchain: built actionlint $("$actionlint" -version | head -1) into .scratch/bin"
fi

[[ "$mode" == "--no-python" ]] && exit 0

# 4. Python tools, each in its own virtualenv, re-installed only when its requirements file changes
python="${STORMPROOF_PYTHON:-$(command -v python3 || true)}"
if [[ -z "$python" ]]; then
  echo "toolchain: python3 not found; install Python >= 3.9 (with the venv module) to run moto and checkov" >&2
  exit 1
fi
install_venv() { # name requirements-file [tool path from the environment]
  local venv="$root/.venv/$1" req="$root/$2" stamp
  # A tool exported by another work tree's `--print-env` (STORMPROOF_CHECKOV...) is used as it is: nothing installed here.
  if [[ -n "${3:-}" && "$3" != "$venv/"* ]]; then
    if [[ ! -x "$3" ]]; then echo "toolchain: $3 (from the environment) is not an executable: unset it or run this script where it was installed" >&2; exit 1; fi
    echo "toolchain: $1 from the environment ($3)"
    return
  fi
  stamp="$(sha256sum "$req" | cut -c1-16)-$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [[ -f "$venv/.stormproof-stamp" && "$(cat "$venv/.stormproof-stamp")" == "$stamp" ]]; then
    echo "toolchain: .venv/$1 up to date ($(grep -v '^#' "$req" | xargs))"
    return
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
  echo "$stamp" >"$venv/.stormproof-stamp"
  echo "toolchain: installed $(grep -v '^#' "$req" | xargs) into .venv/$1"
}
moto_python="${STORMPROOF_MOTO_PYTHON:-$root/.venv/moto/bin/python}"
checkov="${STORMPROOF_CHECKOV:-$root/.venv/checkov/bin/checkov}"
kubernetes_validate="${STORMPROOF_KUBERNETES_VALIDATE:-$root/.venv/kubernetes-validate/bin/kubernetes-validate}"
install_venv moto requirements/moto.txt "$moto_python"
install_venv checkov requirements/checkov.txt "$checkov"
install_venv kubernetes-validate requirements/kubernetes-validate.txt "$kubernetes_validate"
"$moto_python" -c 'import moto, sys; print("toolchain: moto", moto.__version__)'
echo "toolchain: checkov $("$checkov" --version 2>/dev/null)"
echo "toolchain: $("$kubernetes_validate" --version 2>/dev/null | head -1)"
