using System;
using System.Collections.Generic;
using System.Linq;

namespace AmazonVitals.Emulator.Data;

/// <summary>
/// How a package's versionCode and deviceModel interact, for the packages that show what a
/// per-device comparison of two releases is for. Elsewhere every dimension acts on its own, so a
/// pooled version rate is also the per-model one; here the device share of a (version, model) cell
/// is Shares[version] × Shares[model] × <see cref="DeviceWeight"/>, and its crash rate factor is the
/// versions' and the models' own factors × <see cref="CrashFactor"/>. Only the crash set is coupled:
/// the scenarios are about crashes, and ANR and LMK keep their per-model rates on every version.
/// </summary>
public sealed class VersionModelCoupling
{
    private readonly double[][] _deviceWeights;
    private readonly double[][] _crashFactors;

    private VersionModelCoupling(double[][] deviceWeights, double[][] crashFactors)
    {
        _deviceWeights = deviceWeights;
        _crashFactors = crashFactors;
    }

    /// <summary>
    /// A device-mix shift: the <paramref name="proneModels"/> crash <paramref name="proneCrashFactor"/>
    /// times as often as the other models on every version, and the newest release reached them first,
    /// so they hold <paramref name="newestProneShare"/> of its devices. Per model nothing changes; pooled,
    /// the newest release crashes more.
    /// </summary>
    /// <param name="modelShares">The package's deviceModel shares (before any coupling).</param>
    /// <param name="proneModels">The models that crash more, on every version.</param>
    /// <param name="proneCrashFactor">How many times as often they crash as the other models.</param>
    /// <param name="newestProneShare">Their share of the newest release's devices.</param>
    public static VersionModelCoupling MixShift(double[] modelShares, IReadOnlyList<string> proneModels, double proneCrashFactor, double newestProneShare)
    {
        var prone = proneModels.Select(ModelIndex).ToHashSet();
        var proneShare = prone.Sum(m => modelShares[m]);
        var weights = Uniform(1.0);
        // The newest release's models keep their relative shares within the prone and the other
        // models, while the two groups hold newestProneShare and the rest: its row still sums to 1.
        weights[^1] = [.. modelShares.Select((_, m) => prone.Contains(m) ? newestProneShare / proneShare : (1 - newestProneShare) / (1 - proneShare))];
        var crash = Uniform(1.0);
        foreach (var row in crash)
        {
            foreach (var m in prone)
            {
                row[m] = proneCrashFactor;
            }
        }

        return new VersionModelCoupling(weights, crash);
    }

    /// <summary>
    /// A regression on one device model: the newest release crashes <paramref name="newestCrashFactor"/>
    /// times as often as the one before on <paramref name="model"/>, and as often elsewhere. Devices
    /// are spread as usual, so the model holds the same share of every version.
    /// </summary>
    public static VersionModelCoupling Driver(string model, double newestCrashFactor)
    {
        var crash = Uniform(1.0);
        crash[^1][ModelIndex(model)] = newestCrashFactor;
        return new VersionModelCoupling(Uniform(1.0), crash);
    }

    /// <summary>Multiplies the product of the version's and the model's device shares; each version's weights, share-weighted over the models, average 1.</summary>
    public double DeviceWeight(int version, int model) => _deviceWeights[version][model];

    /// <summary>Multiplies the crash rate of the version on the model.</summary>
    public double CrashFactor(int version, int model) => _crashFactors[version][model];

    /// <summary>A versionCode × deviceModel table of one value.</summary>
    private static double[][] Uniform(double value) =>
        [.. Catalog.VersionCodes.Select(_ => Enumerable.Repeat(value, Catalog.DeviceModels.Count).ToArray())];

    private static int ModelIndex(string model)
    {
        var index = Catalog.DeviceModels.ToList().IndexOf(model);
        return index >= 0 ? index : throw new ArgumentException($"Unknown device model '{model}'", nameof(model));
    }
}

/// <summary>
/// The versionCode × deviceModel part of one query's rows for a coupled package: the device share
/// and the mean rate factor of each cell the rows break down to. A dimension the rows are not broken
/// down by is one cell over its allowed values, summed from the very (version, model) terms the finer
/// rows use, so a row over fewer dimensions is the device-weighted sum of its parts by construction.
/// </summary>
public sealed class VersionModelCells
{
    /// <summary>Indexes of versionCode and deviceModel in <see cref="Catalog.Dimensions"/>.</summary>
    public const int VersionDimension = 0;
    public const int ModelDimension = 2;

    private readonly bool _byVersion;
    private readonly bool _byModel;
    private readonly double[,] _share;
    private readonly double[,] _factor;

    /// <param name="package">A package with a <see cref="PackageProfile.Coupling"/>.</param>
    /// <param name="versionShares">The version shares to spread by (an issue signature may have its own).</param>
    /// <param name="set">The rate set whose factors to average; null when only devices matter (issues).</param>
    /// <param name="filter">The query's filter per catalog dimension (null: every value).</param>
    /// <param name="dimensions">The dimensions the rows break down by.</param>
    public VersionModelCells(PackageProfile package, double[] versionShares, SetProfile? set, int[]?[] filter, int[] dimensions)
    {
        var coupling = package.Coupling ?? throw new ArgumentException($"{package.Name} has no version × model coupling", nameof(package));
        _byVersion = Array.IndexOf(dimensions, VersionDimension) >= 0;
        _byModel = Array.IndexOf(dimensions, ModelDimension) >= 0;
        _share = new double[_byVersion ? Catalog.VersionCodes.Count : 1, _byModel ? Catalog.DeviceModels.Count : 1];
        _factor = new double[_share.GetLength(0), _share.GetLength(1)];
        var modelShares = package.Shares[ModelDimension];
        foreach (var v in filter[VersionDimension] ?? Enumerable.Range(0, Catalog.VersionCodes.Count))
        {
            foreach (var m in filter[ModelDimension] ?? Enumerable.Range(0, Catalog.DeviceModels.Count))
            {
                var share = versionShares[v] * modelShares[m] * coupling.DeviceWeight(v, m);
                var (i, j) = Cell(v, m);
                _share[i, j] += share;
                _factor[i, j] += share * (set == null ? 1 : set.Factors[VersionDimension][v] * set.Factors[ModelDimension][m] * set.PairFactor(v, m));
            }
        }

        // Sums of share × factor become the cells' device-weighted mean factors.
        for (var i = 0; i < _share.GetLength(0); i++)
        {
            for (var j = 0; j < _share.GetLength(1); j++)
            {
                _factor[i, j] = _share[i, j] > 0 ? _factor[i, j] / _share[i, j] : 0;
            }
        }
    }

    public static bool Couples(int dimension) => dimension is VersionDimension or ModelDimension;

    /// <summary>Share of the package's devices in the cell; a value of a dimension the rows do not break down by is ignored.</summary>
    public double Share(int version, int model)
    {
        var (i, j) = Cell(version, model);
        return _share[i, j];
    }

    /// <summary>The cell's device-weighted rate factor (versions', models' and coupling's together).</summary>
    public double Factor(int version, int model)
    {
        var (i, j) = Cell(version, model);
        return _factor[i, j];
    }

    private (int Version, int Model) Cell(int version, int model) => (_byVersion ? version : 0, _byModel ? model : 0);
}
