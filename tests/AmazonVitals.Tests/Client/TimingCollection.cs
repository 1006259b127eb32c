using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>
/// Test classes that assert an upper bound on real time run in this collection, alone, after the
/// parallel ones: with the calibration simulations busy on both cores of a CI machine, timer
/// callbacks queue behind them and a generous bound can still be missed for reasons that say
/// nothing about the code.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Real-time bounds";
}
