#!/bin/sh
# EndoDepth: make TorchSharp 0.107's libLibTorchSharp.so load on Linux systems whose libstdc++ is older than GCC 13
# (Debian 12, Ubuntu 22.04). The library needs exactly one symbol version of GCC 13's libstdc++, GLIBCXX_3.4.32, and only
# for the unreferenced marker symbol std::ios_base_library_init(). Marking that version requirement weak
# (VER_FLG_WEAK = 0x2 in its Elf64_Vernaux.vna_flags) lets the dynamic loader accept an older libstdc++.
#
# Usage: patch-libtorchsharp.sh OUTPUT_DIR
#   Patches COPIES of libLibTorchSharp.so under OUTPUT_DIR (never the NuGet cache: the file is rewritten through a
#   temporary copy, which also breaks any hard link), only when the system libstdc++ lacks GLIBCXX_3.4.32.
#   With ENDODEPTH_PATCH_ALWAYS=true, patches whatever the system libstdc++ (for an output that will run on other
#   machines, such as a tool package; a weak requirement is harmless where the version exists).
#   Idempotent. Removes the "cpu/" folder of unpatched natives that TorchSharp leaves after a failed load.
#   Needs only sh, od, dd and printf (coreutils). Exit code 0 unless a file could not be patched.
set -u

out=${1:?usage: patch-libtorchsharp.sh OUTPUT_DIR}
out=${out%/}

# --- 1. Does the system libstdc++ provide GLIBCXX_3.4.32? Then leave everything untouched. ---
stdcxx=""
if command -v ldconfig >/dev/null 2>&1; then
  stdcxx=$(ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*libstdc++\.so\.6 (.*x86-64.*) => //p' | head -n 1)
  [ -n "$stdcxx" ] || stdcxx=$(ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*libstdc++\.so\.6 .* => //p' | head -n 1)
fi
if [ -z "$stdcxx" ]; then
  for c in /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 \
           /lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    if [ -f "$c" ]; then stdcxx=$c; break; fi
  done
fi
if [ -z "$stdcxx" ] && [ "${ENDODEPTH_PATCH_ALWAYS:-}" != "true" ]; then
  echo "patch-libtorchsharp: no system libstdc++.so.6 found; nothing to do"
  exit 0
fi
if [ "${ENDODEPTH_PATCH_ALWAYS:-}" != "true" ] && grep -q -a 'GLIBCXX_3\.4\.32' "$stdcxx"; then
  exit 0
fi

# --- 2. ELF helpers (little-endian ELF64; x86-64 and aarch64 are both little-endian). ---
u() { # u FILE OFFSET BYTES -> unsigned integer
  od -An -v -t "u$3" -j "$2" -N "$3" "$1" | tr -d ' \n'
}

patch_file() {
  f=$1
  magic=$(od -An -v -t x1 -N 6 "$f" | tr -d ' \n')
  if [ "$magic" != "7f454c460201" ]; then
    echo "patch-libtorchsharp: $f is not a little-endian ELF64 file; left alone" >&2
    return 1
  fi
  shoff=$(u "$f" 40 8); shentsize=$(u "$f" 58 2); shnum=$(u "$f" 60 2)
  i=0; vnoff=""; vnnum=0; stroff=""
  while [ "$i" -lt "$shnum" ]; do
    sh=$((shoff + i * shentsize))
    if [ "$(u "$f" $((sh + 4)) 4)" = "1879048190" ]; then   # SHT_GNU_verneed = 0x6ffffffe
      vnoff=$(u "$f" $((sh + 24)) 8)                          # sh_offset
      link=$(u "$f" $((sh + 40)) 4)                           # sh_link: the string table
      vnnum=$(u "$f" $((sh + 44)) 4)                          # sh_info: number of Elf64_Verneed entries
      stroff=$(u "$f" $((shoff + link * shentsize + 24)) 8)
      break
    fi
    i=$((i + 1))
  done
  if [ -z "$vnoff" ]; then
    echo "patch-libtorchsharp: $f has no .gnu.version_r section; left alone" >&2
    return 1
  fi
  # Walk Elf64_Verneed {u16 version, u16 cnt, u32 file, u32 aux, u32 next} and
  # Elf64_Vernaux {u32 hash, u16 flags, u16 other, u32 name, u32 next}.
  vn=$vnoff; k=0
  while [ "$k" -lt "$vnnum" ]; do
    cnt=$(u "$f" $((vn + 2)) 2); aux=$((vn + $(u "$f" $((vn + 8)) 4))); j=0
    while [ "$j" -lt "$cnt" ]; do
      name=$(dd if="$f" bs=1 skip=$((stroff + $(u "$f" $((aux + 8)) 4))) count=15 2>/dev/null | tr -d '\000')
      if [ "$name" = "GLIBCXX_3.4.32" ]; then
        flags=$(u "$f" $((aux + 4)) 2)
        if [ $((flags & 2)) -ne 0 ]; then return 0; fi       # already weak: idempotent
        new=$((flags | 2))
        tmp="$f.endodepth-patch.$$"
        cp "$f" "$tmp" || return 1                            # rewrite a private copy (breaks hard links)
        printf "$(printf '\\%03o\\%03o' $((new & 255)) $((new >> 8)))" |
          dd of="$tmp" bs=1 seek=$((aux + 4)) conv=notrunc 2>/dev/null || { rm -f "$tmp"; return 1; }
        mv -f "$tmp" "$f" || { rm -f "$tmp"; return 1; }
        echo "patch-libtorchsharp: $stdcxx lacks GLIBCXX_3.4.32; marked that version weak in $f"
        return 0
      fi
      aux=$((aux + $(u "$f" $((aux + 12)) 4))); j=$((j + 1))
    done
    vn=$((vn + $(u "$f" $((vn + 12)) 4))); k=$((k + 1))
  done
  return 0                                                    # this build does not need GLIBCXX_3.4.32
}

status=0
for f in "$out/libLibTorchSharp.so" "$out"/runtimes/linux-*/native/libLibTorchSharp.so; do
  if [ -f "$f" ]; then patch_file "$f" || status=1; fi
done
# After a failed load TorchSharp copies the unpatched natives into OUTPUT_DIR/cpu and retries from there; a stale
# copy would fail again, so remove it.
if [ -f "$out/cpu/libLibTorchSharp.so" ]; then rm -rf "$out/cpu"; fi
exit $status
