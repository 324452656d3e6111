/// Load: one shared client, 64 concurrent tasks, 20,000 requests against the local test PostgREST. Zero errors,
/// every response matches its request, connections bounded by the concurrency and reused (counted by the kernel),
/// managed memory flat.
/// Runs sequenced (alone) so the figures are its own; prints them as `[figures] ...` (docs/reliability.md).
module PgRest.IntegrationTests.LoadTests

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.Threading
open System.Threading.Tasks
open Expecto
open PgRest
open PgRest.IntegrationTests.Faults

[<CLIMutable>]
type LoadRow = { Id: int }

let private total = 20_000
let private workers = 64

/// Request `i`: three in four read `big?select=id&id=eq.N&id=lt.<100000+i>` (a distinct URL per request, exactly
/// one row back), one in four calls `rpc/add?a=i&b=1` with GET (the answer depends on the request). Returns an
/// error description, or None when the response matches the request.
let private send (c: PostgrestClient) (i: int) : Task<string option> =
    task {
        if i % 4 = 3 then
            let! response = c.Rpc("add", {| a = i; b = 1 |}, RpcMethod.Get).ExecuteAsync<int>()

            return
                if response.Value = i + 1 then
                    None
                else
                    Some(sprintf "request %d: add(%d, 1) returned %d" i i response.Value)
        else
            let id = i % 25 + 1
            let! rows = c.From("big").Select("id").Eq("id", id).Lt("id", 100_000 + i).ToListAsync<LoadRow>()

            return
                if rows.Count = 1 && rows[0].Id = id then
                    None
                else
                    Some(sprintf "request %d: asked for id %d, got %A" i id (rows |> Seq.map _.Id |> List.ofSeq))
    }

let private percentile (sorted: float[]) (p: float) =
    sorted[min (sorted.Length - 1) (int (Math.Ceiling(p * float sorted.Length)) - 1)]

[<Tests>]
let tests =
    testSequenced
    <| testList
        "Integration.Load"
        [
            testCaseTask
                "one shared client, 64 concurrent tasks, 20,000 requests: no error, every answer its own, connections bounded, memory flat"
                (fun () ->
                    task {
                        let url = Server.testUrl ()
                        let port = Uri(url).Port
                        use c = new PostgrestClient(url)
                        let latencies = Array.zeroCreate<float> total
                        let errors = ConcurrentQueue<string>()
                        let before = ownConnectionsTo port // e.g. idle connections of the suite's shared client
                        let baseline = before.Length
                        let baselinePorts = before |> List.map _.LocalPort |> Set.ofList
                        let timeWaitBefore = timeWaitTo port

                        // Warm-up: JIT, the connection pool at full size, PostgREST's caches.
                        let! warm =
                            Task.WhenAll
                                [
                                    for w in 0 .. workers - 1 ->
                                        task {
                                            let results = ResizeArray()

                                            for k in 0..3 do
                                                let! r = send c (w * 4 + k)
                                                results.Add r

                                            return List.ofSeq results
                                        }
                                ]

                        Expect.all (List.concat warm) Option.isNone "warm-up answers match"

                        let memoryBefore = GC.GetTotalMemory true
                        let next = ref -1
                        use stop = new CancellationTokenSource(TimeSpan.FromSeconds 100.0)
                        let peak = ref 0
                        let ports = ConcurrentDictionary<int, unit>()
                        use sampling = new CancellationTokenSource()

                        let sampler =
                            task {
                                while not sampling.IsCancellationRequested do
                                    let connections = ownConnectionsTo port
                                    peak.Value <- max peak.Value connections.Length

                                    for e in connections do
                                        ports[e.LocalPort] <- ()

                                    try
                                        do! Task.Delay(25, sampling.Token)
                                    with :? OperationCanceledException ->
                                        ()
                            }

                        let worker () =
                            task {
                                let mutable i = Interlocked.Increment(&next.contents)

                                while i < total && not stop.IsCancellationRequested do
                                    let started = Stopwatch.GetTimestamp()

                                    try
                                        let! mismatch = send c i

                                        match mismatch with
                                        | Some text -> errors.Enqueue text
                                        | None -> ()
                                    with e ->
                                        errors.Enqueue(sprintf "request %d: %s: %s" i (e.GetType().Name) e.Message)

                                    latencies[i] <- Stopwatch.GetElapsedTime(started).TotalMilliseconds
                                    i <- Interlocked.Increment(&next.contents)
                            }

                        let sw = Stopwatch.StartNew()
                        let! _ = Task.WhenAll [ for _ in 1..workers -> Task.Run<unit>(Func<Task<unit>>(worker)) ]
                        sw.Stop()
                        sampling.Cancel()
                        do! sampler
                        let after = establishedTo port
                        let timeWaitAfter = timeWaitTo port
                        let memoryAfter = GC.GetTotalMemory true

                        Expect.isFalse stop.IsCancellationRequested "finished within 100 s"
                        Expect.isEmpty (errors |> Seq.truncate 10) (sprintf "%d errors" errors.Count)
                        Expect.all latencies (fun l -> l > 0.0) "every request ran"

                        let sorted = Array.sort latencies
                        let opened = peak.Value - baseline

                        let used =
                            ports.Keys |> Seq.filter (fun p -> not (baselinePorts.Contains p)) |> Seq.length

                        figure (
                            sprintf
                                "load: %d requests, %d tasks, %.1f s, %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms; peak %d connections (%d before), %d after, %d distinct connections seen; TIME_WAIT to the port (all processes) %d -> %d; managed memory %.1f MB -> %.1f MB"
                                total
                                workers
                                sw.Elapsed.TotalSeconds
                                (float total / sw.Elapsed.TotalSeconds)
                                (percentile sorted 0.50)
                                (percentile sorted 0.99)
                                (Array.last sorted)
                                peak.Value
                                baseline
                                after
                                used
                                timeWaitBefore
                                timeWaitAfter
                                (float memoryBefore / 1048576.0)
                                (float memoryAfter / 1048576.0)
                        )

                        // SocketsHttpHandler starts a new connection for a request that finds no idle one, even when the
                        // connection of the task's previous request is about to return to the pool; on a loaded machine
                        // that race adds some connections (up to 88 for 64 tasks seen here). The bound is what a pooling
                        // client guarantees: a small multiple of the concurrency, never one connection per request.
                        let bound = 2 * workers
                        Expect.isLessThanOrEqual opened bound "connections bounded by the concurrency"
                        Expect.isLessThanOrEqual (after - baseline) bound "still bounded afterwards (pooled, idle)"

                        Expect.isLessThanOrEqual
                            used
                            bound
                            "connections are reused, not churned: 20,000 requests over at most 128 connections"

                        Expect.isLessThan
                            (memoryAfter - memoryBefore)
                            (4L * 1024L * 1024L)
                            "managed memory flat (within 4 MB)"

                        Expect.isLessThan sw.Elapsed (TimeSpan.FromSeconds 90.0) "well under two minutes"
                    })
        ]
