/// Issue 16: every node of a typed predicate is translated into a filter that means exactly what the expression
/// means, or refused with NotSupportedException before anything is sent. One test per numbered case of the issue;
/// C#-only shapes (op_Implicit to ReadOnlySpan, char promotion, DateTime → DateTimeOffset) are built as the C# 14
/// compiler builds them (checked with a C# program: see docs/guide/typed-queries.md).
module PgRest.Tests.ExpressionExactnessTests

open System
open System.Globalization
open System.Linq.Expressions
open Expecto
open PgRest
open PgRest.Tests.Support

type TRow =
    {
        Id: int
        N: int
        NN: Nullable<int>
        Big: int64
        X: decimal
        D: double
        R: float32
        Name: string
        At: DateTimeOffset
        Stamp: DateTime
        Tags: string array
    }

type Aliased =
    | Off = 0
    | Active = 1
    | Enabled = 1

type Hue =
    | Red = 1
    | Blue = 2

/// The row of the second review's cases (probe2): nullable columns, enums, a [JsonIgnore] member and a computed one.
type PRow() =
    member val Id = 0 with get, set
    member val S: string = "" with get, set
    member val N = Nullable<int>() with get, set
    member val Ts = Nullable<DateTime>() with get, set
    member val Iv = TimeSpan.Zero with get, set
    member val A = Aliased.Off with get, set
    member val Ei = Nullable<Hue>() with get, set
    member val F = Nullable<bool>() with get, set

    [<System.Text.Json.Serialization.JsonIgnore>]
    member val Hidden = 0 with get, set

    member this.IsBig = this.Id > 10

    /// A public field: System.Text.Json reads it only with [JsonInclude].
    [<DefaultValue>]
    val mutable Plain: int

    [<DefaultValue; System.Text.Json.Serialization.JsonInclude>]
    val mutable Included: int

type private E =
    static member P(e: Expression<Func<TRow, bool>>) = e
    static member Q(e: Expression<Func<PRow, bool>>) = e

let private b = Expression.Parameter(typeof<TRow>, "b")
let private m (name: string) : Expression = Expression.Property(b, name)
let private k (value: 'T) : Expression = Expression.Constant(value, typeof<'T>)
let private conv (t: Type) (e: Expression) : Expression = Expression.Convert(e, t)

let private lam (body: Expression) =
    Expression.Lambda<Func<TRow, bool>>(body, [| b |])

let private path (e: Expression<Func<TRow, bool>>) =
    pathOf (PostgrestQuery.From("t").Where(PostgrestExpressions.ToCondition e))

let private same (e: Expression<Func<TRow, bool>>) (condition: Condition) =
    Expect.equal (path e) (pathOf (PostgrestQuery.From("t").Where condition)) $"{e}"

let private refused (e: Expression<Func<TRow, bool>>) =
    Expect.throwsT<NotSupportedException> (fun () -> PostgrestExpressions.ToCondition e |> ignore) $"refuse {e}"

let private col = Conditions.Col

let private stringMethod (name: string) (types: Type list) =
    typeof<string>.GetMethod(name, List.toArray types) |> nonNull

let private p = Expression.Parameter(typeof<PRow>, "b")
let private mp (name: string) : Expression = Expression.Property(p, name)

let private lamP (body: Expression) =
    Expression.Lambda<Func<PRow, bool>>(body, [| p |])

let private sameP (e: Expression<Func<PRow, bool>>) (condition: Condition) =
    Expect.equal
        (pathOf (PostgrestQuery.From("t").Where(PostgrestExpressions.ToCondition e)))
        (pathOf (PostgrestQuery.From("t").Where condition))
        $"{e}"

let private refusedP (e: Expression<Func<PRow, bool>>) =
    Expect.throwsT<NotSupportedException> (fun () -> PostgrestExpressions.ToCondition e |> ignore) $"refuse {e}"

let private inList (column: string) (values: 'a list) =
    Conditions.Filter(column, FilterOperator.In, ResizeArray<obj>(values |> List.map (fun v -> nonNull (box v))))

let private containsOf (collection: obj) (elementType: Type) (element: Expression) : Expression =
    let icollection =
        typedefof<System.Collections.Generic.ICollection<_>>.MakeGenericType(elementType)

    Expression.Call(Expression.Constant(collection), icollection.GetMethod("Contains") |> nonNull, element)

[<Tests>]
let tests =
    testList
        "Unit.ExpressionExactness"
        [
            test "1. an int column against a fractional double is rewritten to the exact integer comparison" {
                let dn = conv typeof<double> (m "N")
                same (lam (Expression.GreaterThan(dn, k 43.5))) (col("n").Gt 43L)
                same (lam (Expression.GreaterThanOrEqual(dn, k 43.5))) (col("n").Gt 43L)
                same (lam (Expression.LessThan(dn, k 43.5))) (col("n").Lte 43L)
                same (lam (Expression.LessThanOrEqual(dn, k 43.5))) (col("n").Lte 43L)
                same (lam (Expression.LessThan(dn, k -43.5))) (col("n").Lte -44L)
                same (lam (Expression.Equal(dn, k 44.0))) (col("n").Eq 44L)
                refused (lam (Expression.Equal(dn, k 43.5)))
                refused (lam (Expression.NotEqual(dn, k 43.5)))
                refused (lam (Expression.GreaterThan(dn, k Double.NaN)))
                refused (lam (Expression.LessThan(dn, k Double.PositiveInfinity)))
            }

            test "1. a constant outside the column's range is refused (the comparison is constant)" {
                refused (lam (Expression.LessThan(conv typeof<int64> (m "N"), k 3000000000L)))
                same (lam (Expression.LessThan(conv typeof<int64> (m "N"), k 30L))) (col("n").Lt 30L)
                refused (lam (Expression.GreaterThan(conv typeof<double> (m "N"), k 1e300)))
            }

            test "1. the value sent is the C# value after its conversion (decimal of a double)" {
                let dv = 780.8500000000001
                let e = lam (Expression.LessThan(m "X", conv typeof<decimal> (k dv)))
                same e (col("x").Lt(decimal dv))
                Expect.isTrue ((path e).EndsWith "x=lt.780.85") "the decimal (780.85), not the double's digits"
            }

            test "1. a char promoted to int is its code" {
                same (lam (Expression.Equal(m "N", conv typeof<int> (k '0')))) (col("n").Eq 48)
            }

            test "1. column conversions that change the value are refused; widening ones are kept" {
                refused (lam (Expression.Equal(conv typeof<Nullable<byte>> (m "N"), k (Nullable 213uy))))
                refused (lam (Expression.GreaterThan(conv typeof<Nullable<int>> (m "X"), k (Nullable 84))))
                refused (lam (Expression.GreaterThan(conv typeof<double> (m "Big"), k 1.0)))
                refused (lam (Expression.GreaterThan(conv typeof<float32> (m "N"), k 1.0f)))
                same (lam (Expression.Equal(conv typeof<int64> (m "N"), k 5L))) (col("n").Eq 5L)
                same (lam (Expression.Equal(conv typeof<Nullable<int>> (m "N"), k (Nullable 5)))) (col("n").Eq 5)
                same (lam (Expression.GreaterThan(conv typeof<decimal> (m "N"), k 4.5m))) (col("n").Gt 4L)
            }

            test "1. a real column against a double that is not a float is refused" {
                let dr = conv typeof<double> (m "R")
                same (lam (Expression.GreaterThan(dr, k 0.5))) (col("r").Gt 0.5f)
                refused (lam (Expression.GreaterThan(dr, k 0.1)))
            }

            test "2. Ordinal and OrdinalIgnoreCase overloads; culture-aware ones are refused" {
                let contains = stringMethod "Contains" [ typeof<string>; typeof<StringComparison> ]
                let starts = stringMethod "StartsWith" [ typeof<string>; typeof<StringComparison> ]
                let ends = stringMethod "EndsWith" [ typeof<string>; typeof<StringComparison> ]

                let call (mi: Reflection.MethodInfo) (text: string) (cmp: StringComparison) =
                    lam (Expression.Call(m "Name", mi, k text, k cmp))

                same (call contains "b" StringComparison.OrdinalIgnoreCase) (col("name").IMatch "b")
                same (call contains "a.b" StringComparison.Ordinal) (col("name").Match "a\\.b")
                same (call starts "a(" StringComparison.OrdinalIgnoreCase) (col("name").IMatch "^a\\(")
                same (call ends "$x" StringComparison.Ordinal) (col("name").Match "\\$x$")
                refused (call contains "é" StringComparison.OrdinalIgnoreCase)
                refused (call contains "b" StringComparison.CurrentCulture)
                refused (call starts "b" StringComparison.InvariantCultureIgnoreCase)
                refused (call ends "b" StringComparison.InvariantCulture)

                let startsCulture =
                    stringMethod "StartsWith" [ typeof<string>; typeof<bool>; typeof<CultureInfo> ]

                refused (lam (Expression.Call(m "Name", startsCulture, k "b", k true, k CultureInfo.InvariantCulture)))
            }

            test "3. a string receiver is not a list of its characters" {
                let hay = "zebra:colon"
                refused (E.P(fun b -> hay.Contains b.Name))
                refused (E.P(fun b -> Array.contains "a" b.Tags))
            }

            test "4. C# 14 binds array.Contains(member) to MemoryExtensions.Contains over op_Implicit" {
                let values = [| "a"; "b,c" |]

                let span =
                    (nonNull (Type.GetType("System.ReadOnlySpan`1", true))).MakeGenericType(typeof<string>)

                let implicitOp =
                    span.GetMethods()
                    |> Array.find (fun mi ->
                        mi.Name = "op_Implicit"
                        && (mi.GetParameters()[0]).ParameterType = typeof<string array>)

                let readOnlySpan = nonNull (Type.GetType("System.ReadOnlySpan`1", true))

                let containsDef =
                    typeof<MemoryExtensions>.GetMethods()
                    |> Array.find (fun mi ->
                        let ps = mi.GetParameters()

                        mi.Name = "Contains"
                        && ps.Length = 2
                        && ps[0].ParameterType.IsGenericType
                        && (ps[0].ParameterType.GetGenericTypeDefinition() = readOnlySpan)
                        && not ps[1].ParameterType.IsGenericType)

                let body =
                    Expression.Call(
                        containsDef.MakeGenericMethod(typeof<string>),
                        Expression.Call(implicitOp, k values),
                        m "Name"
                    )

                same (lam body) (col("name").In values)
            }

            test "4. char overloads of StartsWith, EndsWith and Contains" {
                let ch (name: string) (c: char) =
                    lam (Expression.Call(m "Name", stringMethod name [ typeof<char> ], k c))

                same (ch "StartsWith" 'a') (col("name").Match "^a")
                same (ch "Contains" '.') (col("name").Match "\\.")
                same (ch "EndsWith" '$') (col("name").Match "\\$$")
            }

            test "5. a column compared with a column is NotSupportedException" {
                refused (E.P(fun b -> b.N > b.Id))
                refused (lam (Expression.GreaterThan(m "N", Expression.Add(m "Id", k 1))))
            }

            test "6. a DateTime against a DateTimeOffset column is sent as C# converts it (with its offset)" {
                let toOffset =
                    typeof<DateTimeOffset>.GetMethods()
                    |> Array.find (fun mi ->
                        mi.Name = "op_Implicit"
                        && (mi.GetParameters()[0]).ParameterType = typeof<DateTime>)

                for kind in [ DateTimeKind.Unspecified; DateTimeKind.Local; DateTimeKind.Utc ] do
                    let dt = DateTime(2020, 1, 2, 3, 4, 5, kind)

                    let e =
                        lam (Expression.GreaterThan(m "At", Expression.Convert(k dt, typeof<DateTimeOffset>, toOffset)))

                    same e (col("at").Gt(DateTimeOffset dt))
            }

            test "7. sub-microsecond instants: floor to the microsecond and adjust the operator; equality refused" {
                let v = DateTimeOffset(2020, 1, 1, 0, 0, 8, TimeSpan.Zero).AddTicks(9_999_998L)
                let floor = v.AddTicks(-8L)
                same (lam (Expression.LessThanOrEqual(m "At", k v))) (col("at").Lte floor)
                same (lam (Expression.LessThan(m "At", k v))) (col("at").Lte floor)
                same (lam (Expression.GreaterThan(m "At", k v))) (col("at").Gt floor)
                same (lam (Expression.GreaterThanOrEqual(m "At", k v))) (col("at").Gt floor)
                refused (lam (Expression.Equal(m "At", k v)))
                let whole = v.AddTicks(-8L)
                same (lam (Expression.GreaterThanOrEqual(m "At", k whole))) (col("at").Gte whole)
                let stamp = DateTime(2020, 1, 1, 0, 0, 8).AddTicks(5L)
                same (lam (Expression.LessThan(m "Stamp", k stamp))) (col("stamp").Lte(stamp.AddTicks(-5L)))
            }

            test "8. ordering comparisons with null and lists holding null are refused" {
                refused (lam (Expression.GreaterThan(m "NN", Expression.Constant(null, typeof<Nullable<int>>))))
                let names: string list = [ "a"; Unchecked.defaultof<string> ]
                refused (E.P(fun b -> List.contains b.Name names))
            }

            test "found by the differential test: F# isNull, and an empty list that keeps NULL unknown" {
                // isNull b.Name, as the F# compiler converts it (written out: Name is not a nullable string here).
                let isNullMethod =
                    (nonNull (Type.GetType("Microsoft.FSharp.Core.Operators, FSharp.Core", true))).GetMethod("IsNull")
                    |> nonNull

                same
                    (lam (Expression.Call(isNullMethod.MakeGenericMethod(typeof<string>), m "Name")))
                    (col("name").IsNull())

                let none: string list = []

                same
                    (E.P(fun b -> List.contains b.Name none))
                    (Conditions.And [ col("name").Eq ""; col("name").Neq "" ])
            }

            test "review 2, 1. membership in a collection whose Contains is not default equality is refused" {
                let ci =
                    Collections.Generic.Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)

                ci["a"] <- 1
                ci["k"] <- 2

                let sci =
                    Collections.Generic.SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase)

                sci["a"] <- 1
                refusedP (containsOf ci.Keys typeof<string> (mp "S") |> lamP)
                refusedP (E.Q(fun b -> Linq.Enumerable.Contains(ci.Keys, b.S)))
                refusedP (containsOf sci.Keys typeof<string> (mp "S") |> lamP)
                // A sorted set of strings compares with the current culture.
                refusedP (
                    containsOf (Collections.Generic.SortedSet<string>([ "a" ])) typeof<string> (mp "S")
                    |> lamP
                )

                let plain = Collections.Generic.Dictionary<string, int>()
                plain["a"] <- 1
                sameP (containsOf plain.Keys typeof<string> (mp "S") |> lamP) (inList "s" [ "a" ])
                let list = ResizeArray [ "a"; "b" ]
                sameP (containsOf list typeof<string> (mp "S") |> lamP) (inList "s" [ "a"; "b" ])
                sameP (containsOf (list.AsReadOnly()) typeof<string> (mp "S") |> lamP) (inList "s" [ "a"; "b" ])

                sameP
                    (containsOf (Collections.Generic.HashSet<string>([ "a" ])) typeof<string> (mp "S")
                     |> lamP)
                    (inList "s" [ "a" ])
            }

            test "review 2, 2. a list element that the single == would refuse refuses the whole predicate" {
                let local = DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local)
                let whole = DateTime(2021, 3, 14, 7, 30, 0)
                let ts = conv typeof<DateTime> (mp "Ts")
                let listOf (xs: DateTime list) = ResizeArray xs
                refusedP (lamP (containsOf (listOf [ local ]) typeof<DateTime> ts))
                refusedP (lamP (Expression.Not(containsOf (listOf [ local ]) typeof<DateTime> ts)))
                refusedP (lamP (containsOf (listOf [ local; whole ]) typeof<DateTime> ts))
                refusedP (lamP (containsOf [| Nullable local |] typeof<Nullable<DateTime>> (mp "Ts")))
                // A sub-microsecond instant is never stored: leaving it out is exact.
                sameP
                    (lamP (containsOf (listOf [ whole; whole.AddTicks 3L ]) typeof<DateTime> ts))
                    (inList "ts" [ whole ])
            }

            test
                "review 2, 3. an enum value with several names is refused; an enum converted to a number against a number is refused" {
                refusedP (lamP (Expression.Equal(mp "A", k Aliased.Enabled)))
                refusedP (lamP (Expression.Equal(mp "A", k Aliased.Active)))
                refusedP (lamP (containsOf [| Aliased.Off; Aliased.Active |] typeof<Aliased> (mp "A")))
                sameP (lamP (Expression.Equal(mp "A", k Aliased.Off))) (col("a").Eq Aliased.Off)
                // Labels or numbers in the column: the expression cannot tell, so a number is refused (was eq.Red).
                refusedP (lamP (Expression.Equal(conv typeof<Nullable<int>> (mp "Ei"), k (Nullable 1))))

                refusedP (
                    lamP (Expression.Equal(conv typeof<Nullable<int>> (mp "Ei"), conv typeof<Nullable<int>> (k 2)))
                )

                refusedP (lamP (Expression.GreaterThan(conv typeof<Nullable<int>> (mp "Ei"), k (Nullable 1))))
                refusedP (lamP (containsOf [| 1; 2 |] typeof<int> (conv typeof<int> (mp "Ei"))))

                sameP (lamP (Expression.Equal(mp "Ei", conv typeof<Nullable<Hue>> (k Hue.Red)))) (col("ei").Eq Hue.Red)
                // C# compiles b.Ei == Hue.Red to (int?)b.Ei == (int?)Hue.Red: an enum value keeps the label.
                sameP
                    (lamP (
                        Expression.Equal(conv typeof<Nullable<int>> (mp "Ei"), conv typeof<Nullable<int>> (k Hue.Red))
                    ))
                    (col("ei").Eq Hue.Red)
                // An empty enum list keeps NULL unknown like any other empty list.
                sameP
                    (lamP (containsOf (Array.empty<Hue>) typeof<Hue> (conv typeof<Hue> (mp "Ei"))))
                    (Conditions.And [ col("ei").Eq Hue.Red; col("ei").Neq Hue.Red ])
            }

            test "review 2, 4. culture-sensitive StartsWith/EndsWith(string) are refused with the ordinal alternative" {
                let starts =
                    lamP (Expression.Call(mp "S", stringMethod "StartsWith" [ typeof<string> ], k "e"))

                let ends =
                    lamP (Expression.Call(mp "S", stringMethod "EndsWith" [ typeof<string> ], k "c"))

                refusedP starts

                let message =
                    try
                        PostgrestExpressions.ToCondition starts |> ignore
                        ""
                    with :? NotSupportedException as ex ->
                        ex.Message

                Expect.stringContains message "StringComparison.Ordinal" "the message names the ordinal overload"
                refusedP ends

                sameP
                    (lamP (Expression.Call(mp "S", stringMethod "Contains" [ typeof<string> ], k "e")))
                    (col("s").Match "e")

                sameP
                    (lamP (Expression.Call(mp "S", stringMethod "StartsWith" [ typeof<char> ], k 'e')))
                    (col("s").Match "^e")
            }

            test
                "review 2, 5. TimeSpan.MinValue, the user's own exception, span Contains with a comparer, unread members" {
                let ceiling = TimeSpan.MinValue + TimeSpan.FromTicks 8L
                sameP (lamP (Expression.GreaterThan(mp "Iv", k TimeSpan.MinValue))) (col("iv").Gte ceiling)
                sameP (lamP (Expression.GreaterThanOrEqual(mp "Iv", k TimeSpan.MinValue))) (col("iv").Gte ceiling)
                sameP (lamP (Expression.LessThan(mp "Iv", k TimeSpan.MinValue))) (col("iv").Lt ceiling)
                refusedP (lamP (Expression.Equal(mp "Iv", k TimeSpan.MinValue)))
                let arr = [| 1 |]

                Expect.throwsT<IndexOutOfRangeException>
                    (fun () -> PostgrestExpressions.ToCondition(E.Q(fun b -> b.Id > arr[5])) |> ignore)
                    "the value side's own exception"

                let readOnlySpan = nonNull (Type.GetType("System.ReadOnlySpan`1", true))
                let span = readOnlySpan.MakeGenericType(typeof<Nullable<int>>)

                let implicitOp =
                    span.GetMethods()
                    |> Array.find (fun mi ->
                        mi.Name = "op_Implicit"
                        && (mi.GetParameters()[0]).ParameterType = typeof<Nullable<int> array>)

                let contains3 =
                    typeof<MemoryExtensions>.GetMethods()
                    |> Array.find (fun mi ->
                        let ps = mi.GetParameters()

                        mi.Name = "Contains"
                        && ps.Length = 3
                        && ps[0].ParameterType.IsGenericType
                        && ps[0].ParameterType.GetGenericTypeDefinition() = readOnlySpan
                        && ps[2].ParameterType.IsGenericType
                        && ps[2].ParameterType.GetGenericTypeDefinition() = typedefof<
                            Collections.Generic.IEqualityComparer<_>
                                                                             >)
                    |> fun mi -> mi.MakeGenericMethod(typeof<Nullable<int>>)

                let values = [| Nullable 1; Nullable 2 |]
                let comparerType = typeof<Collections.Generic.IEqualityComparer<Nullable<int>>>

                let call (comparer: Expression) =
                    lamP (Expression.Call(contains3, Expression.Call(implicitOp, k values), mp "N", comparer))

                sameP (call (Expression.Constant(null, comparerType))) (inList "n" [ 1; 2 ])

                refusedP (
                    call (
                        Expression.Constant(Collections.Generic.EqualityComparer<Nullable<int>>.Default, comparerType)
                    )
                )

                refusedP (lamP (Expression.Equal(mp "Hidden", k 1)))
                refusedP (lamP (Expression.Equal(mp "IsBig", k true)))
                refusedP (lamP (mp "IsBig"))
                sameP (lamP (Expression.Equal(mp "Id", k 1))) (col("id").Eq 1)
                // Third review: a public field the client's JSON never reads is not a column; with [JsonInclude] it is.
                refusedP (lamP (Expression.Equal(Expression.Field(p, "Plain"), k 1)))
                sameP (lamP (Expression.Equal(Expression.Field(p, "Included"), k 1))) (col("included").Eq 1)
            }

            test "review 2, 6. (bool) of a bool? column; list values are sent once" {
                sameP (lamP (conv typeof<bool> (mp "F"))) (col("f").Eq true)
                sameP (lamP (Expression.Not(conv typeof<bool> (mp "F")))) ((col("f").Eq true).Negate())

                sameP
                    (lamP (containsOf (ResizeArray [ "a"; "b"; "a" ]) typeof<string> (mp "S")))
                    (inList "s" [ "a"; "b" ])
            }

            test "string ordering is refused (C# and PostgreSQL collations differ)" {
                refused (E.P(fun b -> b.Name > "m"))
            }
        ]
