using System.CommandLine;
using EndoDepth.Cli;
using EndoDepth.Cli.Commands;

// endodepth: a thin command-line shell over the EndoDepth library's public API.
var root = new RootCommand("EndoDepth: monocular depth estimation for endoscopy — synthetic forward model, " +
    "cinematic rendering of CT colonography and a CNN-CRF depth estimator.");
foreach (var command in new[]
         {
             DepthCommands.Create(),      // depth stats | preview
             MetricsCommand.Create(),     // metrics
             SynthesisCommands.Create(),  // synth, phantom
             VolumeCommands.Create(),     // volume info | export
             RenderCommand.Create(),      // render
             EstimatorCommands.Create(),  // train, finetune, predict, evaluate
             ExperimentCommands.Create(), // demo, experiment, import
         }.SelectMany(c => c))
{
    root.Subcommands.Add(command);
}

return CommandRunner.Invoke(root, args);
