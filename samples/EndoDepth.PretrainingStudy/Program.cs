using System.Diagnostics;
using System.Globalization;
using EndoDepth.Experiments;
using EndoDepth.Randomness;

// The pre-training data study (docs/experiments.md): the experiment's synthetic generator, trainer and fine-tuning at
// the medium scale, with the phantoms and the frame count as arguments.
//   data ROOT COUNT PHANTOMS FIRST_SEED [ITEM_SEED]  COUNT frames spread round-robin over PHANTOMS phantoms (seeds
//                                                   FIRST…); items seeded as the medium run's (seed 7)
//   train DATA MODEL EPOCHS SEED                    pre-training from scratch, the scale's CNN-CRF
//   finetune BASE DATA MODEL EPOCHS SEED            the paper's fine-tuning (convolutions frozen)
var scale = ExperimentScale.Medium;
var clock = Stopwatch.StartNew();
int Int(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
switch (args.FirstOrDefault())
{
    case "data" when args.Length is 5 or 6:
        new ExperimentDatasets(PaperParts.Create(scale), scale).WriteSynthetic(args[1], Int(2),
            [.. Enumerable.Range(Int(4), Int(3))],
            args.Length > 5 ? Int(5) : Seed.Derive(7, ExperimentStreams.SyntheticImages), null, default);
        break;
    case "train" when args.Length == 5:
        Print(PaperParts.CnnCrfTrainer(scale).Train(args[1], args[2], Int(3), Int(4), null, default));
        break;
    case "finetune" when args.Length == 6:
        Print(PaperParts.CnnCrfTrainer(scale).FineTune(args[1], args[2], args[3], Int(4), Int(5), null, default));
        break;
    default:
        Console.Error.WriteLine("usage: data ROOT COUNT PHANTOMS FIRST_SEED [ITEM_SEED] | train DATA MODEL EPOCHS " +
            "SEED | finetune BASE DATA MODEL EPOCHS SEED");
        return 2;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]} done in {clock.Elapsed.TotalSeconds:F1} s"));
return 0;

static void Print(IReadOnlyList<double> losses) =>
    Console.WriteLine("epoch losses: " +
        string.Join(' ', losses.Select(l => l.ToString("F4", CultureInfo.InvariantCulture))));
