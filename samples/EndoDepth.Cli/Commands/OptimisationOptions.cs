using System.CommandLine;
using EndoDepth.Crf.Training;

namespace EndoDepth.Cli.Commands;

/// <summary>
/// The options of `train` and `finetune` where the paper is silent: mini-batch, normalisation, clipping, warm-up,
/// optimiser, augmentation (its switch and its photometric ranges).
/// </summary>
internal sealed record OptimisationOptions(
    Option<int> Batch, Option<LossNormalisation> Normalisation, Option<double> Clip, Option<int> Warmup,
    Option<OptimizerKind> Optimizer, Option<bool> NoAugment, Option<double> MaxGain, Option<double> MaxGamma,
    Option<double> ToneCurve, Option<double> MaxExposure)
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
        new Option<bool>("--no-augment") { Description = "Train without flips, rotation and gain/gamma jitter." },
        new Option<double>("--max-gain") { Description = "Gain jitter: g log-uniform in [1/G, G] (1 = none).",
            DefaultValueFactory = _ => AugmentationSettings.Endoscopy.MaxGain },
        new Option<double>("--max-gamma") { Description = "Gamma jitter: γ log-uniform in [1/Γ, Γ] (1 = none).",
            DefaultValueFactory = _ => AugmentationSettings.Endoscopy.MaxGamma },
        new Option<double>("--tone-curve") { Description = "Probability of re-developing an example through a " +
            "filmic tone curve, as cinematic renderers do (0 = never).",
            DefaultValueFactory = _ => AugmentationSettings.Endoscopy.ToneCurveProbability },
        new Option<double>("--max-exposure") { Description = "Exposure of the tone curve: log-uniform in [1/E, E] " +
            "around the auto-exposed key.", DefaultValueFactory = _ => AugmentationSettings.Endoscopy.MaxExposure });

    public void AddTo(Command command)
    {
        command.Options.Add(Batch); command.Options.Add(Normalisation); command.Options.Add(Clip);
        command.Options.Add(Warmup); command.Options.Add(Optimizer); command.Options.Add(NoAugment);
        command.Options.Add(MaxGain); command.Options.Add(MaxGamma); command.Options.Add(ToneCurve);
        command.Options.Add(MaxExposure);
    }

    public TrainingSettings Apply(ParseResult r, TrainingSettings s)
    {
        var t = s with
        {
            ImagesPerStep = r.GetValue(Batch), Normalisation = r.GetValue(Normalisation),
            GradientClipNorm = r.GetValue(Clip),
            WarmupSteps = r.GetValue(Warmup), Optimizer = r.GetValue(Optimizer),
            Augmentation = r.GetValue(NoAugment) ? null : AugmentationSettings.Endoscopy with
            {
                MaxGain = r.GetValue(MaxGain), MaxGamma = r.GetValue(MaxGamma),
                ToneCurveProbability = r.GetValue(ToneCurve), MaxExposure = r.GetValue(MaxExposure),
            },
        };
        t.Validate();
        return t;
    }
}
