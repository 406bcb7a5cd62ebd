# shellcheck shell=bash disable=SC2154 # $cache and $crds_dir come from eng/local-cluster.sh
# Provisioning for eng/local-cluster.sh (sourced, not run): the Debian packages, the two API servers built once from
# Debian source packages, and the Gateway API CRDs when no fixture folder exists. Everything built is cached under
# $cache, keyed by version; a second `up` builds nothing.
#
#   kube-apiserver 1.20.2       from bookworm's `kubernetes` source package (about 5 minutes on 2 cores, 7-10 when busy)
#   apiextensions-apiserver     stock k8s.io/apiextensions-apiserver from Debian sid's golang-k8s-*-dev source packages,
#                               compiled with sid's Go in GOPATH mode, offline (about 4.5 minutes on 2 cores)
#   etcd 3.5                    sid's etcd-server binary (bookworm's etcd 3.4 is too old for the 1.36 machinery)
#
# sid content is never installed into the system: a private apt configuration downloads the .debs and
# `dpkg-deb -x` unpacks them into $sid_dir, which is removed after a successful build.

k8s_deb_version='1.20.5+really1.20.2-1.1+deb12u1'
k8s_version='1.20.2'
apiserver="$cache/kube-apiserver-$k8s_version/kube-apiserver"
sid_dir="$cache/sid"
gateway_api_release=v1.6.1
gateway_api_url="https://github.com/kubernetes-sigs/gateway-api/releases/download/$gateway_api_release/experimental-install.yaml"

packages=(golang-go etcd-server rsync jq openssl curl make gcc dpkg-dev)

missing_packages() { # one a line
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

need_packages() {
  local missing=()
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
      die "missing Debian packages: ${missing[*]}. Install them as root: apt-get update && apt-get install -y ${missing[*]}"
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The machine's own Debian mirror (never a hard-coded host): deb822 sources first, then the one-line format.
debian_mirror() {
  local uri=''
  [[ -f /etc/apt/sources.list.d/debian.sources ]] &&
    uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [[ -z $uri && -f /etc/apt/sources.list ]] &&
    uri=$(awk '$1 == "deb" && !/security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
  [[ -n $uri ]] || die "found no Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$uri"
}

# Everything PROFILE needs is installed and built already (then `up` takes no lock).
provisioned() { # PROFILE
  [[ -z $(missing_packages) && -x $apiserver ]] && { [[ $1 == legacy ]] || crd_server_built; }
}

# Runs COMMAND... holding $cache/provision.lock, so that of several local-cluster.sh runs at once (named clusters)
# only one provisions; the others wait for it, and COMMAND then finds done what it was waited for.
with_provision_lock() { # COMMAND...
  mkdir -p "$cache"
  provision_locked "$@"
}
provision_locked() {
  if ! flock -n 9; then
    say "waiting for another local-cluster.sh to finish provisioning (lock: $cache/provision.lock)"
    flock 9
  fi
  "$@"
} 9>>"$cache/provision.lock"

# Runs a command in the background with its output in LOG, printing a dot every 15 s until it ends.
with_dots() { # LOG COMMAND...
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do sleep 15; kill -0 "$pid" 2>/dev/null && printf '.' >&2; done
  printf '\n' >&2
  wait "$pid"
}

build_apiserver() {
  [[ -x $apiserver ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "kube-apiserver is not built yet and building it needs root (apt-get source). Run 'sudo $0 up' once."
  local work; work=$(mktemp -d)
  say "building kube-apiserver $k8s_version from Debian's source package (first run only, about 5-10 minutes; log: $work/build.log)"
  local src_list=/etc/apt/sources.list.d/openmcf-bookworm-src.sources
  if ! apt-cache showsrc "kubernetes=$k8s_deb_version" >/dev/null 2>&1; then
    # The machine's apt sources have no deb-src entry; add one for bookworm main only.
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$(debian_mirror)" >"$src_list"
    apt-get update -qq >/dev/null
  fi
  # apt warns that root downloads "unsandboxed" into a private temporary folder: expected, not shown.
  (cd "$work" && apt-get source -qq --download-only "kubernetes=$k8s_deb_version" 2>&1 >/dev/null | grep -v unsandboxed >&2 || true)
  (cd "$work" && apt-get download -qq golang-github-modern-go-reflect2-dev 2>&1 >/dev/null | grep -v unsandboxed >&2 || true)
  # The deb-src entry was only for this download: gone before anything can stop the script.
  rm -f "$src_list"
  ls "$work"/kubernetes_*.orig.tar.gz "$work"/golang-github-modern-go-reflect2-dev_*.deb >/dev/null 2>&1 ||
    die "could not download Debian's kubernetes source package or reflect2 (see the messages above)"
  say "unpacking sources"
  tar -xzf "$work"/kubernetes_*.orig.tar.gz -C "$work"
  local src="$work/kubernetes-$k8s_version"
  # reflect2 1.0.1 (vendored) crashes under Go >= 1.18 on the first custom-resource write
  # (fatal error in mapiterinit); Debian's 1.0.2 fixes it.
  dpkg -x "$work"/golang-github-modern-go-reflect2-dev_*.deb "$work/reflect2"
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r "$work/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2" "$src/vendor/github.com/modern-go/reflect2"
  say "compiling (progress dots every 15 s)"
  if ! (cd "$src" && with_dots "$work/build.log" make WHAT=cmd/kube-apiserver); then
    tail -n 30 "$work/build.log" >&2
    die "kube-apiserver build failed; full log: $work/build.log"
  fi
  mkdir -p "$(dirname "$apiserver")"
  cp "$src/_output/bin/kube-apiserver" "$apiserver.tmp" && mv "$apiserver.tmp" "$apiserver"
  rm -rf "$work"
  say "built $apiserver"
}

# The newest cached build of each sid binary (the folder name carries the version), or nothing. A version folder
# may be a symbolic link (a scratch cache that shares another's builds).
crd_server_bin() {
  find -L "$cache" -maxdepth 2 -path "$cache/apiextensions-apiserver-*/apiextensions-apiserver" 2>/dev/null | sort -V | tail -n 1
}
sid_etcd_bin() { find -L "$cache" -maxdepth 2 -path "$cache/etcd-*/etcd" 2>/dev/null | sort -V | tail -n 1; }
crd_server_built() { [[ -n $(crd_server_bin) && -n $(sid_etcd_bin) ]]; }

sid_apt() { # apt-get|apt-cache ARGS...: apt on sid's lists, with no bearing on the system's own apt state
  local tool=$1; shift
  "$tool" -o Dir::Etc::sourcelist="$sid_dir/apt/sources.list" -o Dir::Etc::sourceparts="$sid_dir/apt/empty" \
    -o Dir::Etc::preferences="$sid_dir/apt/empty/none" -o Dir::Etc::preferencesparts="$sid_dir/apt/empty" \
    -o Dir::State::Lists="$sid_dir/apt/lists" -o Dir::State::status="$sid_dir/apt/status" -o Dir::Cache="$sid_dir/apt/cache" \
    -o APT::Sandbox::User="$(id -un)" -o Acquire::Languages=none \
    -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false "$@"
}

# Downloads the Depends closure of golang-k8s-apiextensions-apiserver-dev (321 golang-* packages with sid's Go,
# 322 MB) plus etcd-server, and unpacks them into $sid_dir/root. Only about 84 of them are compiled from, but the
# closure is what stays right as sid moves on; unpacking all of it takes about 35 s (2.5 GB).
fetch_sid() {
  [[ -f $sid_dir/fetched ]] && return 0
  local uri start=$SECONDS
  uri=$(debian_mirror)
  rm -rf "$sid_dir"
  mkdir -p "$sid_dir"/apt/{lists/partial,cache/archives/partial,empty} "$sid_dir/debs" "$sid_dir/root"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" >"$sid_dir/apt/sources.list"
  : >"$sid_dir/apt/status"
  sid_apt apt-get -qq update >"$sid_dir/apt.log" 2>&1 ||
    die "could not read Debian sid's package lists from $uri; log: $sid_dir/apt.log"
  local closure
  closure=$(sid_apt apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
    --no-enhances golang-k8s-apiextensions-apiserver-dev golang-go 2>>"$sid_dir/apt.log" | grep -E '^golang-' | sort -u) || true
  [[ -n $closure ]] || die "Debian sid has no golang-k8s-apiextensions-apiserver-dev package; log: $sid_dir/apt.log"
  # shellcheck disable=SC2086 # one package name a word
  (cd "$sid_dir/debs" && sid_apt apt-get -qq download $closure etcd-server >>"$sid_dir/apt.log" 2>&1) ||
    die "could not download sid's Go and Kubernetes packages; log: $sid_dir/apt.log"
  dpkg-deb -f "$sid_dir"/debs/golang-k8s-apiextensions-apiserver-dev_*.deb Version >"$sid_dir/apiextensions.version"
  say "downloaded $(find "$sid_dir/debs" -name '*.deb' | wc -l) sid packages" \
    "($(du -sm "$sid_dir/debs" | cut -f1) MB) in $((SECONDS - start)) s"
  start=$SECONDS
  # shellcheck disable=SC2016 # $0 and $f belong to the inner sh
  find "$sid_dir/debs" -name '*.deb' -print0 |
    xargs -0 -P 2 -n 16 sh -c 'for f; do dpkg-deb -x "$f" "$0" || exit 255; done' "$sid_dir/root" ||
    die "could not unpack the sid packages into $sid_dir/root"
  rm -rf "$sid_dir/debs"
  touch "$sid_dir/fetched"
  say "unpacked them into $sid_dir/root in $((SECONDS - start)) s"
}

# Builds the stock apiextensions-apiserver (its own main, no patches) and keeps it with sid's etcd, named by version.
build_crd_server() {
  crd_server_built && return 0
  local start=$SECONDS
  say "provisioning Kubernetes' apiextensions-apiserver and etcd 3.5 from Debian sid (first run only, 3-5 minutes)"
  fetch_sid
  local root="$sid_dir/root" version etcd_version goroot
  # The Go module k8s.io/apiextensions-apiserver v0.X.Y is Kubernetes v1.X.Y.
  version=$(sed -E 's/^([0-9]+:)?0\.([0-9]+)\.([0-9]+).*/1.\2.\3/' "$sid_dir/apiextensions.version")
  etcd_version=$("$root/usr/bin/etcd" --version | sed -n 's/^etcd Version: //p')
  [[ $version =~ ^1\.[0-9]+\.[0-9]+$ && -n $etcd_version ]] || die "could not tell the versions of sid's packages; see $sid_dir"
  goroot=$(readlink -f "$root/usr/lib/go")
  local out="$cache/apiextensions-apiserver-$version" log="$sid_dir/build.log"
  if [[ ! -x $out/apiextensions-apiserver ]]; then
    say "compiling apiextensions-apiserver v$version with $(head -n 1 "$goroot/VERSION") (progress dots every 15 s; log: $log)"
    local ldflags="-s -w" v
    # Without these /version reports v0.0.0-master; with them it is as truthful as a release build (the source
    # package does not carry upstream's commit, so gitCommit stays empty rather than "$Format:%H$").
    for v in "gitVersion=v$version" "gitMajor=${version%%.*}" "gitMinor=$(cut -d. -f2 <<<"$version")" gitCommit= gitTreeState=clean \
      "buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; do
      ldflags+=" -X k8s.io/component-base/version.$v"
    done
    mkdir -p "$out"
    # GOPATH mode over the unpacked /usr/share/gocode: no module download, no network (peak RSS 1.2 GB).
    if ! with_dots "$log" env GO111MODULE=off GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off GOWORK=off \
      CGO_ENABLED=0 GOROOT="$goroot" GOPATH="$root/usr/share/gocode" GOCACHE="$sid_dir/gocache" \
      "$goroot/bin/go" build -trimpath -ldflags "$ldflags" -o "$out/apiextensions-apiserver.tmp" k8s.io/apiextensions-apiserver; then
      tail -n 30 "$log" >&2
      die "building apiextensions-apiserver failed; full log: $log"
    fi
    mv "$out/apiextensions-apiserver.tmp" "$out/apiextensions-apiserver"
  fi
  mkdir -p "$cache/etcd-$etcd_version"
  cp "$root/usr/bin/etcd" "$cache/etcd-$etcd_version/etcd.tmp" && mv "$cache/etcd-$etcd_version/etcd.tmp" "$cache/etcd-$etcd_version/etcd"
  # The unpacked tree and Go's build cache are 2.5 GB + 1.4-2.8 GB and are never needed again.
  rm -rf "$sid_dir"
  say "built $out/apiextensions-apiserver and kept etcd $etcd_version in $((SECONDS - start)) s"
}

# Prints the folder of Gateway API CRDs to install: DIR when given, else OPENMCF_GATEWAY_API_CRDS or the shared
# fixtures, else the pinned release's CRDs (downloaded into the cache once, for a clone without the fixtures).
crd_folder() { # [DIR]
  if [[ -n ${1:-} ]]; then
    [[ -d $1 ]] || die "Gateway API CRD folder not found: $1"
    echo "$1"; return 0
  fi
  [[ -d $crds_dir ]] && { echo "$crds_dir"; return 0; }
  local d="$cache/gateway-api-$gateway_api_release"
  [[ -f $d/experimental/tcproutes.yaml ]] || with_provision_lock release_crds "$d" >&2 || return 1
  echo "$d/experimental"
}

release_crds() { # DIR: the pinned release's CRDs into DIR/experimental, unless there already
  local d=$1 name
  if [[ ! -f $d/experimental/tcproutes.yaml ]]; then
    if [[ ! -s $d/experimental-install.yaml ]]; then
      say "no Gateway API CRD folder at $crds_dir; downloading $gateway_api_url"
      mkdir -p "$d"
      curl -fsSL --connect-timeout 20 --max-time 300 -o "$d/experimental-install.yaml.tmp" "$gateway_api_url" 2>/dev/null ||
        { rm -rf "$d"; die "could not download $gateway_api_url; set OPENMCF_GATEWAY_API_CRDS to a folder that holds the" \
          "Gateway API CRDs, one file each."; }
      mv "$d/experimental-install.yaml.tmp" "$d/experimental-install.yaml"
    fi
    # Split into a folder of its own that then takes the place of experimental, whole.
    rm -rf "$d/experimental.tmp" && mkdir -p "$d/experimental.tmp"
    # One file per CRD that openmcf uses; the rest of the release (other routes, namespaces, policies) is left out.
    awk -v out="$d/experimental.tmp" '
      function flush(  f) {
        if (kind == "CustomResourceDefinition" &&
            name ~ /^(gatewayclasses|gateways|referencegrants|tcproutes)\.gateway\.networking\.k8s\.io$/) {
          f = out "/" substr(name, 1, index(name, ".") - 1) ".yaml"; printf "%s", doc > f; close(f)
        }
        doc = ""; kind = ""; name = ""; meta = 0
      }
      /^---/ { flush(); next }
      { doc = doc $0 "\n" }
      /^[^ #]/ { meta = ($0 ~ /^metadata:/) }
      /^kind:/ { kind = $2 }
      meta && /^  name:/ { name = $2; gsub(/["\047]/, "", name) }
      END { flush() }' "$d/experimental-install.yaml"
    for name in gatewayclasses gateways referencegrants tcproutes; do
      [[ -s $d/experimental.tmp/$name.yaml ]] || die "$d/experimental-install.yaml has no $name CRD; delete it to download it again."
    done
    rm -rf "$d/experimental" && mv "$d/experimental.tmp" "$d/experimental"
  fi
}
