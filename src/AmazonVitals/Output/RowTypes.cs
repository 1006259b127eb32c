using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Output;

/// <summary>
/// Makes one row of a query from its values, per column of <see cref="RowSchema.RowColumns"/> (fixed
/// columns included): the text of text columns, counts and rates, and whether each metric has a
/// value; a time column is the row's start. The arrays are the caller's, reused row after row.
/// </summary>
internal delegate MetricRow RowFactory(DateTime startTime, string?[] text, long[] counts, double[] rates, bool[] present);

/// <summary>
/// The row classes, one per set of columns, made with System.Reflection.Emit: a sealed class named
/// by <see cref="TypeNameOf"/> (AmazonVitals.MetricRow#..., so PSTypeNames starts with a name of its
/// own columns, which its table view keys on, then its base AmazonVitals.MetricRow) with a
/// read/write property per column of <see cref="RowSchema.RowColumns"/>, in order,
/// typed as the column's <see cref="RowColumn.ClrType"/>. A property's name is the column's
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
    public static RowFactory? For(IReadOnlyList<RowColumn> columns, out string? whyNot)
    {
        whyNot = Disabled ? "turned off" : s_unavailable;
        if (whyNot is not null)
            return null;
        var key = KeyOf(columns);
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
            factory = RowEmitter.Make(columns, Interlocked.Increment(ref s_made));
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

    /// <summary>
    /// The type name of rows with these columns: AmazonVitals.MetricRow#, then a hash of the names
    /// and kinds. The row class is named so, and a PSObject row gets it first in its TypeNames, so
    /// both select the same table view (<see cref="RowViews"/>) and write the same #TYPE line. The
    /// same columns give the same name in every process.
    /// </summary>
    public static string TypeNameOf(IReadOnlyList<RowColumn> columns)
    {
        // FNV-1a over the key: string.GetHashCode differs from process to process.
        var hash = 14695981039346656037UL;
        foreach (var c in KeyOf(columns))
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return MetricRowShaper.TypeName + "#" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsPlatformGap(Exception e) =>
        e is PlatformNotSupportedException or NotSupportedException or FileNotFoundException or FileLoadException or MissingMethodException;

    // Length-prefixed, so no name can make two column lists look alike.
    private static string KeyOf(IReadOnlyList<RowColumn> columns)
    {
        var key = new System.Text.StringBuilder();
        foreach (var column in columns)
            key.Append(column.Name.Length).Append(':').Append(column.Name).Append((int)column.Kind).Append(';');
        return key.ToString();
    }
}

/// <summary>
/// The emitting itself, apart from <see cref="RowTypes"/> so that a runtime without
/// System.Reflection.Emit fails when this class is compiled, inside RowTypes' try, and nowhere else.
/// </summary>
internal static class RowEmitter
{
    private static readonly Type[] s_factoryParameters =
        { typeof(DateTime), typeof(string[]), typeof(long[]), typeof(double[]), typeof(bool[]) };

    public static RowFactory Make(IReadOnlyList<RowColumn> columns, int serial)
    {
        var assemblyName = new AssemblyName("AmazonVitals.Rows" + serial.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Collectible: once no row and no cache refers to the class, the runtime may unload it.
        var assembly = AssemblyBuilder.DefineDynamicAssembly(assemblyName, AssemblyBuilderAccess.RunAndCollect);
        var module = assembly.DefineDynamicModule(assemblyName.Name!);
        var type = module.DefineType(RowTypes.TypeNameOf(columns), TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, typeof(MetricRow));
        var constructor = type.DefineDefaultConstructor(MethodAttributes.Private);

        var fields = new FieldBuilder[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            fields[i] = type.DefineField("_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), columns[i].ClrType, FieldAttributes.Private);
            DefineProperty(type, columns[i].Name, fields[i]);
        }
        DefineFactory(type, constructor, fields, columns);
        var made = type.CreateTypeInfo()!.AsType();
        var create = made.GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static)!;
        return (RowFactory)create.CreateDelegate(typeof(RowFactory));
    }

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
    /// private static MetricRow Create(start, text, counts, rates, present): a new row with each
    /// column i from the array of its kind at i (a time column: start), a metric staying null where
    /// present[i] is false.
    /// </summary>
    private static void DefineFactory(TypeBuilder type, ConstructorBuilder constructor, FieldBuilder[] fields, IReadOnlyList<RowColumn> columns)
    {
        var create = type.DefineMethod("Create", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig, typeof(MetricRow), s_factoryParameters);
        var il = create.GetILGenerator();
        var row = il.DeclareLocal(type);
        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Stloc, row);
        for (var column = 0; column < fields.Length; column++)
        {
            var kind = columns[column].Kind;
            if (kind == ColumnKind.Time)
            {
                il.Emit(OpCodes.Ldloc, row);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Stfld, fields[column]);
                continue;
            }
            if (kind == ColumnKind.Text)
            {
                il.Emit(OpCodes.Ldloc, row);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Stfld, fields[column]);
                continue;
            }
            var absent = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_S, (byte)4);
            il.Emit(OpCodes.Ldc_I4, column);
            il.Emit(OpCodes.Ldelem_U1);
            il.Emit(OpCodes.Brfalse, absent);
            il.Emit(OpCodes.Ldloc, row);
            if (kind == ColumnKind.Count)
            {
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_I8);
                il.Emit(OpCodes.Newobj, typeof(long?).GetConstructor(new[] { typeof(long) })!);
            }
            else
            {
                il.Emit(OpCodes.Ldarg_3);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldelem_R8);
                il.Emit(OpCodes.Newobj, typeof(double?).GetConstructor(new[] { typeof(double) })!);
            }
            il.Emit(OpCodes.Stfld, fields[column]);
            il.MarkLabel(absent);
        }
        il.Emit(OpCodes.Ldloc, row);
        il.Emit(OpCodes.Ret);
    }
}
