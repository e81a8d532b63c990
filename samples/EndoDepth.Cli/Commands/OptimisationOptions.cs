using System.CommandLine;
using EndoDepth.Crf.Training;

namespace EndoDepth.Cli.Commands;

/// <summary>
/// The options of `train` and `finetune` where the paper is silent: mini-batch, normalisation, clipping, warm-up,
/// optimiser, augmentation.
/// </summary>
internal sealed record OptimisationOptions(
    Option<int> Batch, Option<LossNormalisation> Normalisation, Option<double> Clip, Option<int> Warmup,
    Option<OptimizerKind> Optimizer, Option<bool> NoAugment)
{
    public static OptimisationOptions Create() => new(
        new Option<int>("--batch") { Description = "Images per step (the loss is their mean).",
            DefaultValueFactory = _ => 8 },
        new Option<LossNormalisation>("--normalise") { Description = "PerSuperpixel (each image's NLL scaled to 300 " +
            "superpixels, default) or Sum (eq. 6 as written).", DefaultValueFactory = _ =>
                LossNormalisation.PerSuperpixel },
        new Option<double>("--clip") { Description = "Largest gradient norm of a step (0 = none).",
            DefaultValueFactory = _ => 10 },
        new Option<int>("--warmup") { Description = "Steps of linear learning-rate warm-up (0 = none).",
            DefaultValueFactory = _ => 100 },
        new Option<OptimizerKind>("--optimizer") { Description = "Sgd (the paper) or AdamW.",
            DefaultValueFactory = _ => OptimizerKind.Sgd },
        new Option<bool>("--no-augment") { Description = "Train without flips, rotation and gain/gamma jitter." });

    public void AddTo(Command command)
    {
        command.Options.Add(Batch); command.Options.Add(Normalisation); command.Options.Add(Clip);
        command.Options.Add(Warmup); command.Options.Add(Optimizer); command.Options.Add(NoAugment);
    }

    public TrainingSettings Apply(ParseResult r, TrainingSettings s)
    {
        var t = s with
        {
            ImagesPerStep = r.GetValue(Batch), Normalisation = r.GetValue(Normalisation),
            GradientClipNorm = r.GetValue(Clip),
            WarmupSteps = r.GetValue(Warmup), Optimizer = r.GetValue(Optimizer),
            Augmentation = r.GetValue(NoAugment) ? null : AugmentationSettings.Endoscopy,
        };
        t.Validate();
        return t;
    }
}
