using System.CommandLine;
using EndoDepth.Cli;
using EndoDepth.Cli.Commands;

// endodepth: a thin command-line shell over the EndoDepth library's public API.
var root = new RootCommand("EndoDepth: monocular depth estimation for endoscopy — synthetic forward model, " +
    "cinematic rendering of CT colonography and a CNN-CRF depth estimator.");
foreach (var command in new[]
         {
             DepthCommands.Create(),      // depth stats | preview
             DatasetCommands.Create(),    // dataset verify
             MetricsCommand.Create(),     // metrics
             SynthesisCommands.Create(),  // synth, phantom
             VolumeCommands.Create(),     // volume info | export
             RenderCommand.Create(),      // render
             EstimatorCommands.Create(),  // train, finetune, predict, evaluate
             ExperimentCommands.Create(), // demo, experiment, import
             RegisterCommands.Create(),   // register, register trials
             CtCommands.Create(),         // ct fbp | project | reconstruct
         }.SelectMany(c => c))
{
    root.Subcommands.Add(command);
}

// Logs and pipes are parsed by programs: no hard wrap at Spectre's 80-column default for a redirected stream (COLUMNS
// still wins when set).
if (Console.IsOutputRedirected)
    Spectre.Console.AnsiConsole.Profile.Width =
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 4096;

return CommandRunner.Invoke(root, args);
