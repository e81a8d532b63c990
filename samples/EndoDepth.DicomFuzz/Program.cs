using System.Diagnostics;
using System.Globalization;
using EndoDepth.DicomFuzz;

// EndoDepth.DicomFuzz: fuzzing of the DICOM and NIfTI readers.
//   dotnet run -c Release --project samples/EndoDepth.DicomFuzz -- mutate SECONDS SEED_DIR FINDINGS_DIR [dicom|nifti]
//       in-process mutation campaign on all cores (no external tools)
//   afl-fuzz -i SEED_DIR -o OUT -t 5000 -m none -- dotnet EndoDepth.DicomFuzz.dll afl
//       coverage-guided AFL campaign through SharpFuzz (instrument EndoDepth.Core.dll with `sharpfuzz` first)
//   dotnet EndoDepth.DicomFuzz.dll replay DIR [dicom|nifti]
//       runs every file of DIR once and prints any untyped exception
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: mutate SECONDS SEED_DIR FINDINGS_DIR [dicom|nifti] | afl [dicom|nifti] " +
        "| replay DIR [dicom|nifti]");
    return 2;
}
Action<ReadOnlySpan<byte>> Target(string? kind) => kind == "nifti" ? FuzzTarget.Nifti : FuzzTarget.Dicom;
switch (args[0])
{
    case "afl":
        {
            var target = Target(args.ElementAtOrDefault(1));
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                target(ms.ToArray());
            });
            return 0;
        }
    case "replay":
        {
            var target = Target(args.ElementAtOrDefault(2));
            var bad = 0;
            foreach (var f in Directory.GetFiles(args[1]).Order(StringComparer.Ordinal))
            {
                try { target(File.ReadAllBytes(f)); }
                catch (Exception e) { bad++; Console.WriteLine($"{f}: {e.GetType().FullName}: {e.Message}"); }
            }
            Console.WriteLine($"{bad} untyped failures");
            return bad == 0 ? 0 : 1;
        }
    case "mutate" when args.Length >= 4:
        {
            var kind = args.ElementAtOrDefault(4) ?? "dicom";
            var seeds = Directory.GetFiles(args[2], "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(kind == "nifti" ? ".nii" : ".dcm", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
            var campaign = new MutationCampaign(Target(kind), seeds, args[3]);
            var sw = Stopwatch.StartNew();
            var budget = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture));
            var (executions, findings, slow) = campaign.Run(budget, 42);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {seeds.Count} seeds, {executions} executions in {sw.Elapsed.TotalSeconds:F0} s " +
                $"({executions / sw.Elapsed.TotalSeconds:F0}/s) on {Environment.ProcessorCount} threads; " +
                $"{findings} distinct untyped exceptions, {slow} slow inputs"));
            return findings == 0 ? 0 : 1;
        }
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}
