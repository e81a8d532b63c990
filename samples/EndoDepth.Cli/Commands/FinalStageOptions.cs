using System.CommandLine;
using EndoDepth.Registration;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Cli.Commands;

/// <summary>The options of the registration's final stage (`register`, `register trials`): its image model, width,
/// restarts, initial step, search and direct alignment.</summary>
internal sealed record FinalStageOptions(Option<string> Model, Option<int> ModelSpp, Option<string> ModelLook,
    Option<int?> Width, Option<int?> Restarts, Option<double?> Step, Option<bool> Cma,
    Option<int?> Direct, Option<bool> NoEvolution)
{
    /// <summary>The options with their defaults (the library's).</summary>
    public static FinalStageOptions Create()
    {
        var model = new Option<string>("--image-model")
        {
            Description = "Image model of the final stage's virtual views: 'lambertian' (iso-surface shading) or " +
                "'cinematic' (the cinematic renderer at low spp with a fixed seed, denoised).",
            DefaultValueFactory = _ => "lambertian",
        };
        model.AcceptOnlyFromAmong("lambertian", "cinematic");
        var spp = new Option<int>("--model-spp")
        {
            Description = "Paths per pixel of the cinematic image model.",
            DefaultValueFactory = _ => new CinematicImageModel().SamplesPerPixel,
        };
        var look = new Option<string>("--model-look")
        {
            Description = "Look of the cinematic image model: " +
                string.Join(", ", CinematicPresets.BuiltIn.Select(p => p.Name)) + ".",
            DefaultValueFactory = _ => CinematicPresets.PinkMucosa.Name,
        };
        look.AcceptOnlyFromAmong([.. CinematicPresets.BuiltIn.Select(p => p.Name)]);
        var width = new Option<int?>("--final-width") { Description = "Width (px) of the final stage (default " +
            $"{new FinalStageSettings().Width}, at most the frame's)." };
        var restarts = new Option<int?>("--final-restarts") { Description = "Extra runs of the final stage's ES from " +
            "starts 2 mm / 2° per axis from the pyramid's pose; the best similarity wins (default 0)." };
        var step = new Option<double?>("--final-step") { Description = "Initial ES step σ of the final stage, in " +
            $"units of 2 mm / 2° (default {new FinalStageSettings().InitialStep})." };
        var cma = new Option<bool>("--final-cma") { Description = "The final stage's ES also adapts the shape of its " +
            "mutation ((1+1)-CMA-ES), following valleys that couple translation and rotation." };
        var direct = new Option<int?>("--final-direct") { Description = "Renders of the direct (photometric, " +
            "Lucas–Kanade) alignment after the final stage's ES, kept while the similarity rises (default 0: off)." };
        var noEvolution = new Option<bool>("--final-no-es") { Description = "The final stage skips its ES and " +
            "refinement and leaves the search to the direct alignment (needs --final-direct)." };
        return new FinalStageOptions(model, spp, look, width, restarts, step, cma, direct, noEvolution);
    }

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [Model, ModelSpp, ModelLook, Width, Restarts, Step, Cma, Direct, NoEvolution];

    /// <summary>The settings with the final stage as chosen (unchanged without a final stage).</summary>
    public RegistrationSettings Apply(ParseResult r, RegistrationSettings settings)
    {
        if (settings.FinalStage is not { } final) return settings;
        if (r.GetValue(Model) == "cinematic")
            final = final with
            {
                ImageModel = new CinematicImageModel
                {
                    SamplesPerPixel = r.GetValue(ModelSpp), Look = CinematicPresets.ByName(r.GetValue(ModelLook)!),
                },
            };
        if (r.GetValue(Width) is { } w) final = final with { Width = w };
        if (r.GetValue(Restarts) is { } k) final = final with { Restarts = k };
        if (r.GetValue(Step) is { } sigma) final = final with { InitialStep = sigma };
        if (r.GetValue(Cma)) final = final with { AdaptCovariance = true };
        if (r.GetValue(Direct) is { } n) final = final with { DirectAlignmentIterations = n };
        if (r.GetValue(NoEvolution)) final = final with { Evolve = false };
        return settings with { FinalStage = final };
    }
}
