using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;

namespace AmazonVitals.Output;

/// <summary>
/// Makes one row of a query from its values: the fixed columns, then per column the text (dimensions),
/// counts and rates, and whether each metric has a value. The arrays are the caller's, reused row after row.
/// </summary>
internal delegate MetricRow RowFactory(string packageName, string metricSet, string period, DateTime startTime,
    string?[] text, long[] counts, double[] rates, bool[] present);

/// <summary>What a row column holds, as the row class types it.</summary>
internal enum RowColumn
{
    /// <summary>string: the fixed text columns and the dimensions.</summary>
    Text,
    /// <summary>long? (Nullable Int64): counts.</summary>
    Count,
    /// <summary>double? (Nullable Double): every other metric.</summary>
    Rate,
    /// <summary>DateTime: StartTime.</summary>
    Time,
}

/// <summary>
/// The row classes, one per set of columns (the fixed four are Text, Text, Text, Time), made with System.Reflection.Emit: a sealed class named
/// AmazonVitals.MetricRow (like its base, so PSTypeNames[0] and Export-Csv's #TYPE line read as
/// before) with a read/write property per column, in column order: PackageName, MetricSet,
/// AggregationPeriod, StartTime, the dimensions, the metrics. A property's name is the column's
/// name whatever characters it has: metadata takes any string, and PowerShell finds it by name.
/// Each class lives in a collectible assembly of its own; the 64 most recently used are kept, so a
/// long session that runs many different queries holds a bounded number of them.
/// </summary>
internal static class RowTypes
{
    private const int Kept = 64;
    private static readonly object s_lock = new();
    private static readonly Dictionary<string, LinkedListNode<(string Key, RowFactory Factory)>> s_byKey = new(StringComparer.Ordinal);
    private static readonly LinkedList<(string Key, RowFactory Factory)> s_recent = new();
    private static int s_made;
    private static string? s_unavailable;

    /// <summary>Set by tests to take the path of a PowerShell that cannot emit (Windows PowerShell 5.1 without the Emit facade).</summary>
    internal static bool Disabled { get; set; }

    /// <summary>Row classes made so far in this process (tests).</summary>
    internal static int Made => Volatile.Read(ref s_made);

    /// <summary>Row classes held now (tests).</summary>
    internal static int Held
    {
        get
        {
            lock (s_lock)
                return s_recent.Count;
        }
    }

    /// <summary>
    /// The factory for rows with these columns (names and types), made once and then reused; null
    /// when no class can be made here, with the reason in <paramref name="whyNot"/>.
    /// </summary>
    public static RowFactory? For(IReadOnlyList<string> names, IReadOnlyList<RowColumn> columns, out string? whyNot)
    {
        whyNot = Disabled ? "turned off" : s_unavailable;
        if (whyNot is not null)
            return null;
        var key = KeyOf(names, columns);
        lock (s_lock)
        {
            if (s_byKey.TryGetValue(key, out var known))
            {
                s_recent.Remove(known);
                s_recent.AddFirst(known);
                return known.Value.Factory;
            }
        }
        RowFactory factory;
        try
        {
            factory = RowEmitter.Make(names, columns, Interlocked.Increment(ref s_made));
        }
        catch (Exception e) when (IsPlatformGap(e))
        {
            // The runtime cannot emit at all: do not ask again for every query.
            s_unavailable = whyNot = e.GetType().Name + ": " + e.Message;
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TypeLoadException or BadImageFormatException)
        {
            // Something about these columns' names: this query's rows fall back, the next query tries again.
            whyNot = e.GetType().Name + ": " + e.Message;
            return null;
        }
        lock (s_lock)
        {
            // Two runspaces may have made the same class at once: keep the first, so all share it.
            if (s_byKey.TryGetValue(key, out var raced))
                return raced.Value.Factory;
            s_byKey[key] = s_recent.AddFirst((key, factory));
            while (s_recent.Count > Kept)
            {
                s_byKey.Remove(s_recent.Last!.Value.Key);
                s_recent.RemoveLast();
            }
        }
        return factory;
    }

    private static bool IsPlatformGap(Exception e) =>
        e is PlatformNotSupportedException or NotSupportedException or FileNotFoundException or FileLoadException or MissingMethodException;

    // Length-prefixed, so no name can make two column lists look alike.
    private static string KeyOf(IReadOnlyList<string> names, IReadOnlyList<RowColumn> columns)
    {
        var key = new System.Text.StringBuilder();
        for (var i = 0; i < names.Count; i++)
            key.Append(names[i].Length).Append(':').Append(names[i]).Append((int)columns[i]).Append(';');
        return key.ToString();
    }
}

/// <summary>
/// The emitting itself, apart from <see cref="RowTypes"/> so that a runtime without
/// System.Reflection.Emit fails when this class is compiled, inside RowTypes' try, and nowhere else.
/// </summary>
internal static class RowEmitter
{
    private const int FixedColumns = 4;
    private static readonly Type[] s_factoryParameters =
        { typeof(string), typeof(string), typeof(string), typeof(DateTime), typeof(string[]), typeof(long[]), typeof(double[]), typeof(bool[]) };

    public static RowFactory Make(IReadOnlyList<string> names, IReadOnlyList<RowColumn> columns, int serial)
    {
        var assemblyName = new AssemblyName("AmazonVitals.Rows" + serial.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Collectible: once no row and no cache refers to the class, the runtime may unload it.
        var assembly = AssemblyBuilder.DefineDynamicAssembly(assemblyName, AssemblyBuilderAccess.RunAndCollect);
        var module = assembly.DefineDynamicModule(assemblyName.Name!);
        var type = module.DefineType(typeof(MetricRow).FullName!, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, typeof(MetricRow));
        var constructor = type.DefineDefaultConstructor(MethodAttributes.Private);

        var fields = new FieldBuilder[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            fields[i] = type.DefineField("_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ClrTypeOf(columns[i]), FieldAttributes.Private);
            DefineProperty(type, names[i], fields[i]);
        }
        DefineFactory(type, constructor, fields, columns);
        var made = type.CreateTypeInfo()!.AsType();
        var create = made.GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static)!;
        return (RowFactory)create.CreateDelegate(typeof(RowFactory));
    }

    private static Type ClrTypeOf(RowColumn column) => column switch
    {
        RowColumn.Count => typeof(long?),
        RowColumn.Rate => typeof(double?),
        RowColumn.Time => typeof(DateTime),
        _ => typeof(string),
    };

    private static void DefineProperty(TypeBuilder type, string name, FieldBuilder field)
    {
        const MethodAttributes Accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
        var property = type.DefineProperty(name, PropertyAttributes.None, field.FieldType, null);
        var get = type.DefineMethod("get_" + name, Accessor, field.FieldType, Type.EmptyTypes);
        var il = get.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        property.SetGetMethod(get);
        // Settable like a note property: scripts adjust rows before exporting them.
        var set = type.DefineMethod("set_" + name, Accessor, null, new[] { field.FieldType });
        il = set.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        property.SetSetMethod(set);
    }

    /// <summary>
    /// private static MetricRow Create(package, set, period, start, text, counts, rates, present):
    /// a new row with the fixed columns, then each column from the array of its type, a metric
    /// staying null where present[i] is false. Column i of the query is field 4 + i.
    /// </summary>
    private static void DefineFactory(TypeBuilder type, ConstructorBuilder constructor, FieldBuilder[] fields, IReadOnlyList<RowColumn> columns)
    {
        var create = type.DefineMethod("Create", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig, typeof(MetricRow), s_factoryParameters);
        var il = create.GetILGenerator();
        var row = il.DeclareLocal(type);
        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Stloc, row);
        for (short i = 0; i < FixedColumns; i++)
        {
            il.Emit(OpCodes.Ldloc, row);
            il.Emit(OpCodes.Ldarg, i);
            il.Emit(OpCodes.Stfld, fields[i]);
        }
        for (var f = FixedColumns; f < fields.Length; f++)
        {
            var column = f - FixedColumns;
            if (columns[f] == RowColumn.Text)
            {
                il.Emit(OpCodes.Ldloc, row);
                il.Emit(OpCodes.Ldarg_S, (byte)4);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Stfld, fields[f]);
                continue;
            }
            var absent = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_S, (byte)7);
            il.Emit(OpCodes.Ldc_I4, column);
            il.Emit(OpCodes.Ldelem_U1);
            il.Emit(OpCodes.Brfalse, absent);
            il.Emit(OpCodes.Ldloc, row);
            if (columns[f] == RowColumn.Count)
            {
                il.Emit(OpCodes.Ldarg_S, (byte)5);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_I8);
                il.Emit(OpCodes.Newobj, typeof(long?).GetConstructor(new[] { typeof(long) })!);
            }
            else
            {
                il.Emit(OpCodes.Ldarg_S, (byte)6);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_R8);
                il.Emit(OpCodes.Newobj, typeof(double?).GetConstructor(new[] { typeof(double) })!);
            }
            il.Emit(OpCodes.Stfld, fields[f]);
            il.MarkLabel(absent);
        }
        il.Emit(OpCodes.Ldloc, row);
        il.Emit(OpCodes.Ret);
    }
}
