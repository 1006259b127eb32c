namespace AmazonVitals.Emulator.Profiles;

/// <summary>
/// How much the emulator serves beyond Amazon's reference page. The module and the emulator were
/// written from the same guesses, so tests run against both: a client that leans on a guess passes
/// <see cref="Inferred"/> and fails <see cref="Strict"/>.
/// </summary>
public enum EmulatorProfile
{
    /// <summary>
    /// The default: the reference plus every inferred fact of api-notes.md (userPerceived* and 7d/28d
    /// metrics on every rate set) and an <c>x-amzn-RequestId</c> header beside a body <c>requestId</c>.
    /// </summary>
    Inferred,

    /// <summary>
    /// Only what the reference documents: <c>requestId</c> in query bodies alone, the metrics the
    /// reference names, error bodies of exactly <c>{code, message, status}</c>, plus fields no client
    /// knows, which a client must skip.
    /// </summary>
    Strict,
}
