"""Compiles the C# example of every package README (src/*/README.md) against the current sources, so the examples
that ship inside the packages stay true to the public API.

Run: python3 build/packaging/check-readme-examples.py   (from anywhere; needs the .NET SDK; about a minute)
Each README's first ```csharp block becomes one static method in a throwaway console project under
artifacts/readme-examples (the repository's build settings apply: nullable, warnings as errors); exit code 0 when
it builds. The examples are compiled, not run (they read files a user would have).
"""
import pathlib
import re
import shutil
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
work = root / "artifacts" / "readme-examples"
work.mkdir(parents=True, exist_ok=True)
for old in work.glob("*.cs"):
    old.unlink()

refs = []
for readme in sorted(root.glob("src/*/README.md")):
    package = readme.parent.name
    match = re.search(r"```csharp\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    if not match:
        sys.exit(f"{readme}: no ```csharp example")
    lines = match.group(1).splitlines()
    usings = [l for l in lines if l.startswith("using ") and l.rstrip().endswith(";") and "(" not in l and "=" not in l]
    body = [l for l in lines if l not in usings]
    name = package.replace(".", "_")
    (work / f"{name}.cs").write_text("\n".join(usings) + f"\n\ninternal static class {name}\n{{\n"
        f"    // {readme.relative_to(root)}\n    public static void Run()\n    {{\n"
        + "\n".join("        " + l for l in body) + "\n    }\n}\n", encoding="utf-8")
    refs.append(f'    <ProjectReference Include="{readme.parent / (package + ".csproj")}" />')

(work / "Program.cs").write_text("// Compiled only: see check-readme-examples.py.\nreturn 0;\n", encoding="utf-8")
(work / "ReadmeExamples.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <!-- Examples are snippets: unused results and top-level style are fine. -->
    <NoWarn>$(NoWarn);CS8321;IDE0005</NoWarn>
  </PropertyGroup>
  <ItemGroup>
{chr(10).join(refs)}
  </ItemGroup>
</Project>
""", encoding="utf-8")
result = subprocess.run(["dotnet", "build", str(work / "ReadmeExamples.csproj"), "-c", "Release", "-warnaserror",
                         "-nologo", "-v", "quiet"], cwd=root)
for built in ("bin", "obj"):                  # TorchSharp's natives make bin/ large; nothing here is kept
    shutil.rmtree(work / built, ignore_errors=True)
print("readme examples:", "compile" if result.returncode == 0 else "DO NOT COMPILE")
sys.exit(result.returncode)
