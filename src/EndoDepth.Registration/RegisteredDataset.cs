using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Registration;

/// <summary>
/// The paper's real-data ground truth (§2.3) as a dataset folder: registers a folder of optical frames to a CT
/// (<see cref="SequenceRegistration"/>) and writes, per converged frame, the frame (<c>images/ID.png</c>), the
/// registered virtual z-depth (<c>depth/ID.npy</c>, mm, 0 = invalid) and its item record (source
/// <c>"registered"</c>, the registered pose, and the registration quality in its meta), then the manifest; and for
/// every frame, converged or not, a line in <c>registration.json</c>. A frame that did not converge gets no item and no
/// depth. Every registered frame is in the test split (<c>splits.json</c>): real frames with registered depth are
/// test data, as in the paper's Table 2. Any dataset tool (<c>evaluate</c>, <c>dataset verify</c>) reads the folder as
/// any other.
/// </summary>
public static class RegisteredDataset
{
    /// <summary>Name of the per-frame registration report in the folder.</summary>
    public const string ReportFileName = "registration.json";

    /// <summary>
    /// Registers the PNG frames of <paramref name="framesFolder"/> (ordinal file-name order) to <paramref name="ct"/>
    /// and writes the dataset to <paramref name="folder"/>. The folder is locked while it is written. Resumable: each
    /// frame's item and state record (<see cref="FramesStateFolder"/>) are written atomically as soon as it is
    /// registered; a rerun with the same inputs, settings and seed keeps the frames already registered and goes on
    /// from the last registered pose (the result equals an uninterrupted run's); other inputs are refused
    /// (<see cref="DatasetRecipeException"/>).
    /// </summary>
    /// <param name="ct">The CT (HU): a scan or a reconstruction.</param>
    /// <param name="framesFolder">Folder of the optical frames (8-bit grey or RGB PNG, the camera's size).</param>
    /// <param name="cameraPath">The camera file (<see cref="CameraFile"/>).</param>
    /// <param name="posesPath">The initial poses, one per frame (<see cref="PoseFile"/>).</param>
    /// <param name="folder">The output dataset folder.</param>
    /// <param name="settings">Registration settings; defaults when null.</param>
    /// <param name="seed">Keys the optimiser's mutations.</param>
    /// <param name="device">Kernel launcher, borrowed; <see cref="ComputeDevice.Shared"/> when null.</param>
    /// <param name="progress">Frames done.</param>
    /// <param name="cancellationToken">Cancels between evaluations.</param>
    /// <returns>The registration of every frame, in order.</returns>
    /// <exception cref="RegistrationInputException">No frames, frames and poses of different counts, a frame not of
    /// the camera's size, an unsupported camera, an initial pose inside tissue.</exception>
    /// <exception cref="DatasetRecipeException">The folder holds a registration of other inputs, settings or seed.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled; the frames registered so far are kept.</exception>
    public static IReadOnlyList<FrameRegistrationResult> Write(CtVolume ct, string framesFolder, string cameraPath,
        string posesPath, DatasetFolder folder, RegistrationSettings? settings = null, long seed = 0,
        ComputeDevice? device = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(framesFolder);
        ArgumentNullException.ThrowIfNull(folder);
        var s = settings ?? new RegistrationSettings();
        s.Validate();
        var camera = CameraFile.Load(cameraPath);
        var poses = PoseFile.Load(posesPath);
        if (!Directory.Exists(framesFolder)) throw new RegistrationInputException(framesFolder, "frames folder not " +
            "found");
        var frames = Directory.GetFiles(framesFolder, "*.png").Order(StringComparer.Ordinal).ToArray();
        if (frames.Length == 0) throw new RegistrationInputException(framesFolder, "no PNG frames");
        if (frames.Length != poses.Count)
            throw new RegistrationInputException(posesPath, $"{poses.Count} poses for {frames.Length} frames in " +
                $"{framesFolder}: one initial pose per frame is needed");
        ImageF Frame(int i)
        {
            var image = PngFile.Read(frames[i]);
            if (image.Width != camera.Width || image.Height != camera.Height)
                throw new RegistrationInputException(frames[i], $"the frame is {image.Width}×{image.Height}, the " +
                    $"camera {camera.Width}×{camera.Height}");
            return image;
        }
        for (var i = 0; i < frames.Length; i++) _ = PngLayoutOf(frames[i], camera);

        using var endoscope = new VirtualEndoscope(ct, s.Lights, s.DepthThreshold, device, s.DepthStepVoxels);
        var sequence = new SequenceRegistration(endoscope, camera, s);
        for (var i = 0; i < poses.Count; i++)
            sequence.CheckStart(poses[i], $"{posesPath} (pose {i}, frame {Path.GetFileName(frames[i])})",
                cancellationToken);
        using var writing = folder.BeginWrite(Recipe(ct, frames, cameraPath, posesPath, s, seed));
        var ids = frames.Select(ItemId).ToArray();
        Directory.CreateDirectory(folder.Resolve(FramesStateFolder));
        // Each frame's result is written as soon as it is registered (its item first, then its state record), so a
        // rerun after an interruption keeps the frames done and goes on from the last registered pose.
        var results = sequence.Register(frames.Length, Frame, poses, seed, progress,
            i => ReadState(folder, ids[i], frames[i]),
            (i, r) =>
            {
                if (r.Converged) WriteItem(folder, endoscope, camera, s, ids[i], frames[i], Frame(i), r,
                    cancellationToken);
                AtomicFile.WriteAllText(StatePath(folder, ids[i]), Report(ids[i], frames[i], r, s).ToJsonString());
            }, cancellationToken);
        var report = new JsonArray();
        var registered = new List<string>();
        for (var i = 0; i < frames.Length; i++)
        {
            report.Add(Report(ids[i], frames[i], results[i], s));
            if (results[i].Converged) registered.Add(ids[i]);
        }
        AtomicFile.WriteAllText(folder.Resolve(ReportFileName),
            new JsonObject { ["frames"] = report }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        // Registered real frames are test data (the paper's Table 2): every scene goes to the test split, so
        // `evaluate --data FOLDER` scores them without further flags.
        new SceneSplit { Test = registered }.Save(folder.Resolve(DatasetFolder.SplitsFileName));
        folder.CommitManifest();
        return results;
    }

    /// <summary>Folder of the per-frame state records (one JSON per registered frame) that make a run
    /// resumable.</summary>
    public const string FramesStateFolder = "registration";

    /// <summary>The report line of one frame (also its state record).</summary>
    private static JsonObject Report(string id, string framePath, FrameRegistrationResult r, RegistrationSettings s) =>
        new()
        {
            ["id"] = id,
            ["frame"] = Path.GetFileName(framePath),
            ["converged"] = r.Converged,
            ["similarity"] = r.Similarity,
            ["metric"] = s.Metric.ToString(),
            ["evaluations"] = r.Evaluations,
            ["start_pose"] = JsonSerializer.SerializeToNode(r.StartPose.ToMatrix4x4()),
            ["pose"] = JsonSerializer.SerializeToNode(r.Pose.ToMatrix4x4()),
            ["in_dataset"] = r.Converged,
        };

    private static string StatePath(DatasetFolder folder, string id) =>
        folder.Resolve($"{FramesStateFolder}/{id}.json");

    /// <summary>A frame's result from an earlier run: its state record, and for a converged frame its complete item;
    /// null when either is missing or unreadable (the frame is registered again).</summary>
    private static FrameRegistrationResult? ReadState(DatasetFolder folder, string id, string framePath)
    {
        var path = StatePath(folder, id);
        if (!File.Exists(path)) return null;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject o
                || (string?)o["frame"] != Path.GetFileName(framePath)) return null;
            var converged = (bool)o["converged"]!;
            if (converged && !folder.IsComplete(id)) return null;
            var pose = RigidPose.FromMatrix4x4(o["pose"]!.Deserialize<double[]>()!);
            var start = RigidPose.FromMatrix4x4(o["start_pose"]!.Deserialize<double[]>()!);
            return new FrameRegistrationResult(pose, start, (double)o["similarity"]!, (int)o["evaluations"]!,
                converged);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException
            or ArgumentException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>A converged frame's item: the frame, the registered virtual depth and the record.</summary>
    private static void WriteItem(DatasetFolder folder, VirtualEndoscope endoscope, CameraModel camera,
        RegistrationSettings s, string id, string framePath, ImageF frame, FrameRegistrationResult r,
        CancellationToken cancellationToken)
    {
        var depth = endoscope.RenderDepth(camera, r.Pose, s.OutputDepthStepVoxels, cancellationToken);
        var item = new DatasetItem(id, id, null, $"images/{id}.png", $"depth/{id}.npy",
            CameraRecord.From(camera), r.Pose.ToMatrix4x4(), "registered")
        {
            Meta = new Dictionary<string, string>
            {
                ["frame"] = Path.GetFileName(framePath),
                ["registration_converged"] = "true",
                ["registration_metric"] = s.Metric.ToString(),
                ["registration_similarity"] = r.Similarity.ToString("R", CultureInfo.InvariantCulture),
                ["registration_evaluations"] = r.Evaluations.ToString(CultureInfo.InvariantCulture),
            },
        };
        folder.WriteItem(item, frame, depth);
    }

    /// <summary>
    /// What the folder holds, for <see cref="DatasetFolder.BeginWrite"/>: a rerun with the same CT (its voxels),
    /// frames (names and sizes), camera and poses files (their bytes), settings and seed resumes; any other is refused.
    /// </summary>
    private static DatasetRecipe Recipe(CtVolume ct, string[] frames, string cameraPath, string posesPath,
        RegistrationSettings s, long seed)
    {
        static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
        var voxels = ct.AsFloat32();
        var frameList = string.Join('\n', frames.Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"));
        var saved = CultureInfo.CurrentCulture;
        string settings;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // record ToString formats numbers by culture
            settings = s.ToString();
        }
        finally { CultureInfo.CurrentCulture = saved; }
        return new DatasetRecipe("frames", frames.Length, new Dictionary<string, string>
        {
            ["ct"] = string.Create(CultureInfo.InvariantCulture,
                $"{ct.Nx}x{ct.Ny}x{ct.Nz} {Hash(MemoryMarshal.AsBytes(voxels.AsSpan()))}"),
            ["frames"] = Hash(Encoding.UTF8.GetBytes(frameList)),
            ["camera"] = Hash(File.ReadAllBytes(cameraPath)),
            ["poses"] = Hash(File.ReadAllBytes(posesPath)),
            ["settings"] = settings,
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The item id of a frame file: its name without extension, other characters than letters, digits, '-'
    /// and '_' replaced by '_'.</summary>
    public static string ItemId(string framePath) =>
        string.Concat(Path.GetFileNameWithoutExtension(framePath)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>Checks a frame's size from its PNG header, without decoding it.</summary>
    private static bool PngLayoutOf(string path, CameraModel camera)
    {
        Span<byte> header = stackalloc byte[24];
        using (var f = File.OpenRead(path))
            if (f.ReadAtLeast(header, 24, throwOnEndOfStream: false) < 24)
                throw new RegistrationInputException(path, "not a PNG file (truncated header)");
        int w = (header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19];
        int h = (header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23];
        if (w != camera.Width || h != camera.Height)
            throw new RegistrationInputException(path, $"the frame is {w}×{h}, the camera {camera.Width}×" +
                $"{camera.Height}");
        return true;
    }
}
