using EndoDepth.Crf.Features;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// An image with everything the CRF needs that does not depend on the weights: superpixels, their graph, features and
/// the pairwise similarities S^k of every edge.
/// </summary>
public sealed class PreparedImage
{
    /// <summary>The image (1 or 3 channels, values in [0, 1]).</summary>
    public ImageF Image { get; }
    /// <summary>The superpixels.</summary>
    public SuperpixelSegmentation Segmentation { get; }
    /// <summary>Their adjacency graph.</summary>
    public SuperpixelGraph Graph { get; }
    /// <summary>Per-superpixel features.</summary>
    public SuperpixelFeatures Features { get; }
    /// <summary>Similarities: EdgeCount × K.</summary>
    public float[] Similarities { get; }

    private PreparedImage(ImageF image, SuperpixelSegmentation seg, SuperpixelGraph graph, SuperpixelFeatures features,
        float[] sims)
    {
        Image = image; Segmentation = seg; Graph = graph; Features = features; Similarities = sims;
    }

    /// <summary>Segments an image and computes the similarities.</summary>
    public static PreparedImage Create(ImageF image, CrfModelSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(settings);
        var seg = Slic.Segment(image, settings.Slic, cancellationToken);
        var graph = SuperpixelGraph.FromSegmentation(seg);
        var features = SuperpixelFeatures.Compute(image, seg, settings.Pairwise);
        return new PreparedImage(image, seg, graph, features,
            PairwiseSimilarities.Compute(features, graph, settings.Pairwise));
    }
}
