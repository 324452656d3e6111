/// Fault injection for the reliability tests, all on 127.0.0.1: extra PostgREST processes that can be killed and
/// restarted by PID, a PostgREST whose database is unreachable, a TCP forwarder in front of PostgreSQL that can
/// cut the database off, raw loopback listeners (hung, or closing without an answer), a counting message handler,
/// and the kernel's view of TCP connections (/proc/net/tcp, /proc/net/tcp6).
module PgRest.IntegrationTests.Faults

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.IO
open System.Net
open System.Net.Http
open System.Net.Sockets
open System.Text
open System.Text.RegularExpressions
open System.Threading
open System.Threading.Tasks

/// Prints a measured figure (collected into docs/reliability.md).
let figure (text: string) = Console.WriteLine("[figures] " + text)

/// A loopback port nothing listens on (bound to port 0, read, released).
let freePort () : int =
    let listener = new TcpListener(IPAddress.Loopback, 0)
    listener.Start()
    let port = (listener.LocalEndpoint :?> IPEndPoint).Port
    listener.Stop()
    port

let private waitUntil (timeout: TimeSpan) (step: TimeSpan) (check: unit -> Task<bool>) : Task<bool> =
    task {
        let sw = Stopwatch.StartNew()
        let mutable ok = false

        while not ok && sw.Elapsed < timeout do
            let! now = check ()
            ok <- now

            if not ok then
                do! Task.Delay step

        return ok
    }

/// True when something accepts TCP connections on the loopback port.
let isListening (port: int) : bool =
    try
        use socket =
            new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)

        socket.Connect(IPAddress.Loopback, port)
        true
    with :? SocketException ->
        false

let private probe = lazy (new HttpClient(Timeout = TimeSpan.FromSeconds 2.0))

/// True when GET `url` answers 200 (for PostgREST's root: the schema cache is loaded and the database answers).
let answers (url: string) : Task<bool> =
    task {
        try
            use! response = probe.Value.GetAsync(url: string)
            return response.StatusCode = HttpStatusCode.OK
        with _ ->
            return false
    }

/// Writes a copy of the test instance's config file whose db-uri uses another port (a dead port, or a forwarder).
let configWithDatabasePort (databasePort: int) : string =
    let original = File.ReadAllText(Server.setting "PGREST_TEST_CONFIG")
    let pattern = Regex("""(db-uri\s*=\s*"[^"]*@[^":/]+:)(\d+)(/)""")

    if not (pattern.IsMatch original) then
        failwithf "no db-uri with a host:port in %s" (Server.setting "PGREST_TEST_CONFIG")

    let text =
        pattern.Replace(original, (fun (m: Match) -> m.Groups[1].Value + string databasePort + m.Groups[3].Value), 1)

    let path =
        Path.Combine(Path.GetTempPath(), sprintf "pgrest-fault-%s.conf" (Guid.NewGuid().ToString("N")))

    File.WriteAllText(path, text)
    path

/// The port of the test database (from PGREST_PG_URI_TEST).
let databasePort () : int =
    Uri(Server.setting "PGREST_PG_URI_TEST").Port

/// Every extra PostgREST still running, killed when the test process exits (should a test not get to dispose it).
let private live = ConcurrentDictionary<int, Process>()

let private exitHook =
    lazy
        AppDomain.CurrentDomain.ProcessExit.Add(fun _ ->
            for p in live.Values do
                try
                    p.Kill()
                with _ ->
                    ())

/// An extra PostgREST process (PGREST_BIN) with `config` on a fixed free loopback port, so it can be killed and
/// started again on the same address. Its output is kept (the last lines) for failure messages.
type PostgrestProcess(config: string, ?port: int) =
    let port = defaultArg port (freePort ())
    let log = ConcurrentQueue<int * string>()
    let mutable written = 0
    let mutable proc: Process option = None
    let mutable starts = 0

    let keep (line: string | null) =
        match line with
        | null -> ()
        | text ->
            log.Enqueue((Interlocked.Increment(&written) - 1, text))

            while log.Count > 200 do
                log.TryDequeue() |> ignore

    /// The port it listens on.
    member _.Port = port

    /// Its base URL.
    member _.Url = sprintf "http://127.0.0.1:%d" port

    /// The PID of the running process.
    member _.Pid =
        match proc with
        | Some p -> p.Id
        | None -> failwith "not started"

    /// How many times it was started.
    member _.Starts = starts

    /// The last lines PostgREST printed.
    member _.Log = String.Join("\n", log.ToArray() |> Array.map snd)

    /// How many lines PostgREST has printed so far (a mark for `LogSince`).
    member _.Written = Volatile.Read(&written)

    /// The lines printed since `mark` (a `Written` value), as far as they are still kept.
    member _.LogSince(mark: int) =
        String.Join("\n", log.ToArray() |> Array.filter (fun (n, _) -> n >= mark) |> Array.map snd)

    /// Starts the process (without waiting for it to answer).
    member _.Start() =
        let info = ProcessStartInfo(Server.setting "PGREST_BIN", [ config ])
        info.UseShellExecute <- false
        info.RedirectStandardOutput <- true
        info.RedirectStandardError <- true
        // Like scripts/server-start.sh: PG*/PGRST_* variables would override the config file.
        for key in List.ofSeq info.Environment.Keys do
            if key.StartsWith "PG" then
                info.Environment.Remove key |> ignore

        info.Environment["PGRST_SERVER_PORT"] <- string port
        exitHook.Force()
        let p = nonNull (Process.Start info)
        live[p.Id] <- p
        p.OutputDataReceived.Add(fun e -> keep e.Data)
        p.ErrorDataReceived.Add(fun e -> keep e.Data)
        p.BeginOutputReadLine()
        p.BeginErrorReadLine()
        proc <- Some p
        starts <- starts + 1

    /// SIGKILL by PID, then waits for the process to be gone.
    member _.Kill() =
        match proc with
        | Some p ->
            if not p.HasExited then
                p.Kill()

            p.WaitForExit(10000) |> ignore
            live.TryRemove p.Id |> ignore
            p.Dispose()
            proc <- None
        | None -> ()

    /// True while the process runs.
    member _.IsRunning =
        match proc with
        | Some p -> not p.HasExited
        | None -> false

    /// Waits until GET / answers 200; returns how long that took, or fails with PostgREST's output.
    member this.WaitUntilAnswers(?timeout: TimeSpan) : Task<TimeSpan> =
        task {
            let sw = Stopwatch.StartNew()
            let url = this.Url + "/"

            let! ok =
                waitUntil (defaultArg timeout (TimeSpan.FromSeconds 20.0)) (TimeSpan.FromMilliseconds 20.0) (fun () ->
                    if this.IsRunning then
                        answers url
                    else
                        Task.FromResult false)

            if not ok then
                failwithf "PostgREST on port %d did not answer (running: %b). Output:\n%s" port this.IsRunning this.Log

            return sw.Elapsed
        }

    /// Waits until the port accepts TCP connections (PostgREST binds before it can answer).
    member this.WaitUntilListening(?timeout: TimeSpan) : Task<unit> =
        task {
            let! ok =
                waitUntil (defaultArg timeout (TimeSpan.FromSeconds 20.0)) (TimeSpan.FromMilliseconds 20.0) (fun () ->
                    Task.FromResult(this.IsRunning && isListening port))

            if not ok then
                failwithf "PostgREST on port %d is not listening. Output:\n%s" port this.Log
        }

    /// Kills the process and starts a new one on the same port (not waiting for it to answer).
    member this.Restart() =
        this.Kill()
        this.Start()

    interface IDisposable with
        member this.Dispose() = this.Kill()

/// An extra PostgREST serving the test database, started and answering.
let startPostgrest () : Task<PostgrestProcess> =
    task {
        let p = new PostgrestProcess(Server.setting "PGREST_TEST_CONFIG")
        p.Start()

        try
            let! _ = p.WaitUntilAnswers()
            return p
        with e ->
            p.Kill()
            return raise (Exception("the extra PostgREST did not start", e))
    }

/// A TCP forwarder from a loopback port to `targetPort` (PostgreSQL): `Cut()` resets every forwarded connection
/// and stops listening (the database is gone: connections refused); `Resume()` listens again on the same port.
type TcpForwarder(targetPort: int) =
    let port = freePort ()
    let connections = ConcurrentDictionary<Socket, unit>()
    /// Each forwarded pair (the accepted socket and its upstream socket) with the time it last carried bytes.
    let pairs = ConcurrentDictionary<Socket * Socket, int64>()
    let mutable listener: TcpListener option = None
    let mutable stop = new CancellationTokenSource()

    let pump (pair: Socket * Socket) (from: Socket) (into: Socket) (token: CancellationToken) =
        task {
            let buffer = Array.zeroCreate<byte> 16384

            try
                let mutable go = true

                while go do
                    let! n = from.ReceiveAsync(Memory buffer, SocketFlags.None, token)

                    if n = 0 then
                        go <- false
                    else
                        pairs[pair] <- Stopwatch.GetTimestamp()
                        let! _ = into.SendAsync(ReadOnlyMemory(buffer, 0, n), SocketFlags.None, token)
                        ()
            with _ ->
                ()

            try
                into.Shutdown SocketShutdown.Send
            with _ ->
                ()
        }
        :> Task

    let serve (client: Socket) (token: CancellationToken) =
        task {
            let upstream =
                new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)

            try
                do! upstream.ConnectAsync(IPEndPoint(IPAddress.Loopback, targetPort), token)
                connections[client] <- ()
                connections[upstream] <- ()
                let pair = client, upstream
                pairs[pair] <- Stopwatch.GetTimestamp()
                let a = pump pair client upstream token
                let b = pump pair upstream client token
                do! Task.WhenAll(a, b)
            with _ ->
                ()

            pairs.TryRemove((client, upstream)) |> ignore

            for s in [ client; upstream ] do
                connections.TryRemove s |> ignore
                s.Dispose()
        }
        :> Task

    let start () =
        let l = new TcpListener(IPAddress.Loopback, port)
        l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)
        l.Start()
        listener <- Some l
        let token = stop.Token

        task {
            try
                while not token.IsCancellationRequested do
                    let! client = l.AcceptSocketAsync(token)
                    serve client token |> ignore
            with _ ->
                ()
        }
        |> ignore

    do start ()

    /// The port to put in the db-uri.
    member _.Port = port

    /// Forwarded connections currently open (both directions counted).
    member _.OpenConnections = connections.Count

    /// The database disappears: every forwarded connection is reset and new ones are refused.
    member _.Cut() =
        match listener with
        | Some l ->
            l.Stop()
            listener <- None
        | None -> ()

        // Reset first (RST, like a crashed host), then stop the pumps, so that nothing closes gracefully.
        for s in List.ofSeq connections.Keys do
            try
                s.LingerState <- LingerOption(true, 0)
                s.Close()
            with _ ->
                ()

        stop.Cancel()

    /// How long no forwarded connection has carried a byte (PostgREST is idle towards the database).
    member _.QuietFor =
        match List.ofSeq pairs.Values with
        | [] -> TimeSpan.MaxValue
        | stamps -> Stopwatch.GetElapsedTime(List.max stamps)

    /// Resets (RST) every forwarded connection but keeps forwarding new ones: PostgREST's pooled connections die
    /// while the database stays reachable.
    member _.ResetAll() =
        for s in List.ofSeq connections.Keys do
            try
                s.LingerState <- LingerOption(true, 0)
                s.Close()
            with _ ->
                ()

    /// The database is back.
    member _.Resume() =
        stop.Dispose()
        stop <- new CancellationTokenSource()
        start ()

    interface IDisposable with
        member this.Dispose() =
            this.Cut()
            stop.Dispose()

/// What a loopback listener does with each connection.
type ListenerMode =
    /// Accept and never answer (a hung server).
    | NeverAnswer
    /// Read the request (headers and Content-Length body), then close the connection without answering.
    | CloseAfterRequest
    /// Read the request, write `response` verbatim, then close — or, with `stall`, keep the connection open and
    /// send nothing more (e.g. headers and part of a body, then silence).
    | Answer of response: string * stall: bool

/// Reads one HTTP/1.1 request (headers and a Content-Length body) from a loopback connection; returns the text read
/// and whether the client closed the connection first. Shared by the fake servers of the tests.
let readHttpRequest (stream: NetworkStream) (token: CancellationToken) =
    task {
        let buffer = Array.zeroCreate<byte> 8192
        let received = StringBuilder()
        let mutable closed = false

        let complete () =
            let text = received.ToString()

            match text.IndexOf "\r\n\r\n" with
            | -1 -> false
            | headerEnd ->
                let length =
                    Regex.Match(text.Substring(0, headerEnd), @"(?im)^content-length:\s*(\d+)")
                    |> fun m -> if m.Success then int m.Groups[1].Value else 0

                Encoding.UTF8.GetByteCount(text.Substring(headerEnd + 4)) >= length

        while not closed && not (complete ()) do
            let! n = stream.ReadAsync(buffer, 0, buffer.Length, token)

            if n = 0 then
                closed <- true
            else
                received.Append(Encoding.UTF8.GetString(buffer, 0, n)) |> ignore

        return received.ToString(), closed
    }

/// A raw loopback TCP listener that records every connection and every request it read, and notices when the
/// client closes its side.
type LoopbackListener(mode: ListenerMode) =
    let listener = new TcpListener(IPAddress.Loopback, 0)
    let stop = new CancellationTokenSource()
    let held = ConcurrentBag<TcpClient>()
    let requests = ConcurrentQueue<string>()
    let mutable accepted = 0
    let mutable closedByClient = 0

    let readRequest (stream: NetworkStream) = readHttpRequest stream stop.Token

    let serve (connection: TcpClient) =
        task {
            try
                let stream = connection.GetStream()
                let! request, closed = readRequest stream

                if request.Length > 0 then
                    requests.Enqueue request

                match mode with
                | CloseAfterRequest -> connection.Close()
                | Answer(response, stall) ->
                    let bytes = Encoding.UTF8.GetBytes response
                    do! stream.WriteAsync(bytes, 0, bytes.Length, stop.Token)
                    do! stream.FlushAsync(stop.Token)

                    if not stall then
                        connection.Close()
                | NeverAnswer ->
                    // Keep reading: a read of 0 bytes means the client closed its side.
                    let buffer = Array.zeroCreate<byte> 1024
                    let mutable open' = not closed

                    while open' do
                        let! n = stream.ReadAsync(buffer, 0, buffer.Length, stop.Token)
                        open' <- n > 0

                    Interlocked.Increment(&closedByClient) |> ignore
            with _ ->
                if not stop.IsCancellationRequested && mode = NeverAnswer then
                    Interlocked.Increment(&closedByClient) |> ignore
        }
        :> Task

    do listener.Start()

    let acceptLoop =
        task {
            try
                while not stop.IsCancellationRequested do
                    let! connection = listener.AcceptTcpClientAsync(stop.Token)
                    Interlocked.Increment(&accepted) |> ignore
                    held.Add connection
                    serve connection |> ignore
            with _ ->
                ()
        }

    /// The port.
    member _.Port = (listener.LocalEndpoint :?> IPEndPoint).Port

    /// The base URL.
    member this.Url = sprintf "http://127.0.0.1:%d" this.Port

    /// Connections accepted so far.
    member _.Accepted = Volatile.Read(&accepted)

    /// Connections the client closed (NeverAnswer mode).
    member _.ClosedByClient = Volatile.Read(&closedByClient)

    /// The raw requests read so far (headers and body).
    member _.Requests = List.ofSeq requests

    interface IDisposable with
        member _.Dispose() =
            stop.Cancel()
            listener.Stop()

            for c in held do
                c.Dispose()

            acceptLoop.Wait(TimeSpan.FromSeconds 5.0) |> ignore
            stop.Dispose()

/// A message handler that counts the HTTP requests that really go out (each attempt), in front of a
/// SocketsHttpHandler.
type CountingHandler() =
    inherit DelegatingHandler(new SocketsHttpHandler(UseCookies = false, AllowAutoRedirect = false))
    let mutable count = 0

    /// Requests handed to the transport so far.
    member _.Count = Volatile.Read(&count)

    override _.SendAsync(request, cancellationToken) =
        Interlocked.Increment(&count) |> ignore
        base.SendAsync(request, cancellationToken)

    override _.Send(request, cancellationToken) =
        Interlocked.Increment(&count) |> ignore
        base.Send(request, cancellationToken)

/// An HttpClient over a CountingHandler (no timeout of its own: the PgRest client applies its own).
let countingHttpClient () : CountingHandler * HttpClient =
    let handler = new CountingHandler()
    handler, new HttpClient(handler, Timeout = Timeout.InfiniteTimeSpan)

/// One line of /proc/net/tcp or /proc/net/tcp6: ports, the TCP state (01 ESTABLISHED, 06 TIME_WAIT, …) and the
/// socket's inode (0 once no process owns it, as in TIME_WAIT).
type TcpEntry =
    {
        LocalPort: int
        RemotePort: int
        State: int
        Inode: int64
    }

/// The kernel's TCP sockets (IPv4 and IPv6 tables: .NET connects with dual-mode sockets, listed in tcp6).
let tcpEntries () : TcpEntry list =
    [ "/proc/net/tcp"; "/proc/net/tcp6" ]
    |> List.filter File.Exists
    |> List.collect (fun file ->
        File.ReadAllLines file
        |> Array.skip 1
        |> Array.choose (fun line ->
            let parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)

            if parts.Length > 9 then
                let port (address: string) =
                    Convert.ToInt32(address.Substring(address.LastIndexOf ':' + 1), 16)

                Some
                    {
                        LocalPort = port parts[1]
                        RemotePort = port parts[2]
                        State = Convert.ToInt32(parts[3], 16)
                        Inode = int64 parts[9]
                    }
            else
                None)
        |> List.ofArray)

/// The inodes of this process's sockets (/proc/self/fd links "socket:[inode]").
let private ownSocketInodes () : Set<int64> =
    Directory.GetFiles "/proc/self/fd"
    |> Array.choose (fun fd ->
        try
            match FileInfo(fd).LinkTarget with
            | null -> None
            | target when target.StartsWith "socket:[" -> Some(int64 (target.Substring(8, target.Length - 9)))
            | _ -> None
        with _ ->
            None)
    |> Set.ofArray

/// This process's ESTABLISHED client connections to the loopback `port` (other processes using the same server
/// are not counted).
let ownConnectionsTo (port: int) : TcpEntry list =
    let own = ownSocketInodes ()

    tcpEntries ()
    |> List.filter (fun e -> e.RemotePort = port && e.State = 0x01 && own.Contains e.Inode)

/// How many ESTABLISHED client connections this process has to `port`.
let establishedTo (port: int) : int = (ownConnectionsTo port).Length

/// Sockets to `port` in TIME_WAIT, any process (closed connections; a churning client leaves many).
let timeWaitTo (port: int) : int =
    tcpEntries ()
    |> List.filter (fun e -> e.RemotePort = port && e.State = 0x06)
    |> List.length
