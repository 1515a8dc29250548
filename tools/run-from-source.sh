# Sourced by ./strata and ./stratad: run a Native AOT program of this repo, publishing it first when a source file
# is newer than the binary. Usage: run_from_source PROJECT NAME ARGS…  (PROJECT under src/, NAME the binary).
run_from_source() {
  local project=$1 name=$2
  shift 2
  local out="$root/.build/$name"
  local bin="$out/$name"
  stale() {
    # Any project under src/ may be a dependency, so any newer source there rebuilds. bin/ and obj/ hold generated
    # sources that every `dotnet build` rewrites: they say nothing about the program.
    [[ ! -x $bin ]] || [[ -n $(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      \( -name bin -o -name obj \) -prune -o -newer "$bin" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit) ]]
  }
  if stale; then
    mkdir -p "$out"
    (
      flock 9
      if stale; then
        echo "$name: building (Native AOT, once per source change)…" >&2
        dotnet publish "$root/src/$project/$project.csproj" -c Release -f net9.0 -r linux-x64 -o "$out" --nologo -v quiet >&2
        mv -f "$out/$project" "$bin"
        touch "$bin"
      fi
    ) 9>"$root/.build/.lock"
  fi
  exec "$bin" "$@"
}
