using System.Diagnostics;
using System.Globalization;
using EndoDepth.Fuzz;

// EndoDepth.Fuzz: fuzzing of the file readers. KIND is dicom, nifti, image (PNG/JPEG/BMP), depth (16-bit PNG and TIFF),
// model (model-file parser and
// settings check) or model-full (a whole model load, networks built).
//   dotnet run -c Release --project samples/EndoDepth.Fuzz -- mutate SECONDS SEED_DIR FINDINGS_DIR [KIND] [EXECUTIONS]
//       in-process mutation campaign on all cores (no external tools); stops at the time budget or the execution count
//   dotnet EndoDepth.Fuzz.dll seeds DIR
//       writes tiny model files (with and without their checksum trailer) as seeds for the model kinds
//   afl-fuzz -i SEED_DIR -o OUT -t 5000 -m none -- dotnet EndoDepth.Fuzz.dll afl [KIND]
//       coverage-guided AFL campaign through SharpFuzz (instrument the assembly under test with `sharpfuzz` first)
//   dotnet EndoDepth.Fuzz.dll replay DIR [KIND]
//       runs every file of DIR once and prints any untyped exception
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: mutate SECONDS SEED_DIR FINDINGS_DIR [KIND] [EXECUTIONS] | seeds DIR | afl [KIND] " +
        "| replay DIR [KIND]   (KIND: dicom nifti image depth model model-full)");
    return 2;
}
switch (args[0])
{
    case "afl":
        {
            var target = FuzzTarget.For(args.ElementAtOrDefault(1) ?? "dicom");
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                target(ms.ToArray());
            });
            return 0;
        }
    case "seeds" when args.Length >= 2:
        ModelSeeds.Write(args[1]);
        return 0;
    case "replay":
        {
            var target = FuzzTarget.For(args.ElementAtOrDefault(2) ?? "dicom");
            var bad = 0;
            foreach (var f in Directory.GetFiles(args[1]).Order(StringComparer.Ordinal))
            {
                try { target(File.ReadAllBytes(f)); }
                catch (Exception e)
                {
                    bad++;
                    Console.WriteLine($"{f}: {e.GetType().FullName}: {e.Message}");
                    Console.WriteLine(string.Join('\n', e.StackTrace?.Split('\n').Take(8) ?? []));
                }
            }
            Console.WriteLine($"{bad} untyped failures");
            return bad == 0 ? 0 : 1;
        }
    case "mutate" when args.Length >= 4:
        {
            var kind = args.ElementAtOrDefault(4) ?? "dicom";
            var extensions = FuzzTarget.Extensions(kind);
            var seeds = Directory.GetFiles(args[2], "*", SearchOption.AllDirectories)
                .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
            if (seeds.Count == 0)
            {
                Console.Error.WriteLine($"no {string.Join('/', extensions)} seed files under {args[2]}");
                return 2;
            }
            var limit = args.Length > 5 ? long.Parse(args[5], CultureInfo.InvariantCulture) : long.MaxValue;
            var campaign = new MutationCampaign(FuzzTarget.For(kind), seeds, args[3]);
            var sw = Stopwatch.StartNew();
            var budget = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture));
            var (executions, findings, slow) = campaign.Run(budget, 42, limit);
            var elapsed = sw.Elapsed.TotalSeconds;
            var confirmed = slow == 0 ? 0 : campaign.Confirm();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {seeds.Count} seeds, {executions} executions in {elapsed:F0} s " +
                $"({executions / elapsed:F0}/s) on {Environment.ProcessorCount} threads; " +
                $"{findings} distinct untyped exceptions, {slow} slow inputs ({confirmed} still slow replayed alone)"));
            return findings == 0 && confirmed == 0 ? 0 : 1;
        }
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}
