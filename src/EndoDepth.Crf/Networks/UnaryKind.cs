namespace EndoDepth.Crf.Networks;

/// <summary>How the unary potential z = h(θ) (eq. 3) sees the image.</summary>
public enum UnaryKind
{
    /// <summary>
    /// Fully convolutional with superpixel pooling (after Liu et al., TPAMI 2016, "DCNF-FCSP"): a convolutional trunk
    /// runs once over the whole image, its last feature map is averaged over each superpixel, and the fully connected
    /// head runs per superpixel. The default.
    /// </summary>
    Fcsp = 0,
    /// <summary>
    /// The paper's per-patch unary: the whole network runs on a P×P patch around every superpixel centroid.
    /// </summary>
    Patch = 1,
}
