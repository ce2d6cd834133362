<#
.SYNOPSIS
    Builds, tests, benchmarks and packs Autograd.Native.

.DESCRIPTION
    Run through the repository's local tool manifest, so no PowerShell install is needed:

        dotnet tool restore          # once per clone
        dotnet pwsh build.ps1 <verb>

    Verbs:
      build   Configure and build the native library (CMake, artifacts/native/Release), then `dotnet build`.
      test    Native: configure, build and run `ctest --output-on-failure`; then `dotnet test` (the
              README's test command), which loads the same native library.
      bench   `dotnet run -c Release --project bench/Autograd.Benchmarks -- <args>`. Extra arguments
              are passed through to BenchmarkDotNet; without a --filter, every benchmark runs.
      pack    `dotnet pack -c Release -o artifacts/packages`, then checks that the Autograd.Native
              package holds runtimes/<rid>/native/<native library> and that the Autograd package
              depends on Autograd.Native. Fails otherwise.
      clean   Deletes artifacts/ (native build trees, packages) and every bin/ and obj/ folder.

    Every command is printed before it runs; the script stops at the first failing step.

.PARAMETER Verb
    build (default), test, bench, pack or clean.

.PARAMETER Configuration
    The .NET configuration for build and test (default Debug, the same as a plain `dotnet build` /
    `dotnet test`) and for pack (default Release). Benchmarks always run in Release. The native library
    used by the .NET projects is always built as CMake Release (see eng/NativeBuild.targets).

.PARAMETER Sanitize
    Builds the native library and its tests with AddressSanitizer + UndefinedBehaviorSanitizer
    (CMake Debug, -DAGN_SANITIZE=ON) into artifacts/native/Sanitize and, with `test`, runs ctest
    there; any ASan or UBSan report fails the run. The .NET projects still build and test against the
    regular (unsanitized) library: a sanitized shared library cannot be loaded into dotnet unless the
    ASan runtime is LD_PRELOADed into the dotnet host, so the managed tests never run against it.

.PARAMETER Short
    With `bench`: BenchmarkDotNet's short job (`--job short`: few iterations, quick and rough numbers).

.PARAMETER BenchmarkArgs
    With `bench`: remaining arguments, passed to BenchmarkDotNet (e.g. --filter '*Matmul*').

.EXAMPLE
    dotnet pwsh build.ps1 test
    Native ctest, then the .NET test suite.

.EXAMPLE
    dotnet pwsh build.ps1 -Sanitize test
    Native tests under ASan/UBSan, then the .NET test suite against the regular library.

.EXAMPLE
    dotnet pwsh build.ps1 bench -Short --filter '*Add*'
    A quick benchmark run of the benchmarks whose name contains "Add".

.EXAMPLE
    dotnet pwsh build.ps1 pack
    Packages in artifacts/packages, verified to contain the native library.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'bench', 'pack', 'clean')]
    [string] $Verb = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration,

    [switch] $Sanitize,

    [switch] $Short,

    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $BenchmarkArgs = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$Artifacts = Join-Path $RepoRoot 'artifacts'
$Solution = Join-Path $RepoRoot 'Autograd.Native.sln'
$Jobs = [Environment]::ProcessorCount

# Prints a command, runs it, and throws when it exits non-zero. Started through Process with an
# argument list rather than `&`, because PowerShell on Unix glob-expands unquoted native arguments,
# variables included: `--filter *` would otherwise reach BenchmarkDotNet as a list of file names.
function Invoke-Step {
    param(
        [Parameter(Mandatory)] [string] $Command,
        [string[]] $Arguments = @()
    )
    $shown = ($Arguments | ForEach-Object { if ($_ -match '[\s*?]') { "'$_'" } else { $_ } }) -join ' '
    Write-Host "> $Command $shown" -ForegroundColor Cyan
    $start = [Diagnostics.ProcessStartInfo]::new($Command)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.WorkingDirectory = (Get-Location).Path
    $process = [Diagnostics.Process]::Start($start)
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw "'$Command $shown' failed with exit code $($process.ExitCode)."
    }
}

# The regular native tree is the one eng/NativeBuild.targets builds for dotnet; the sanitized tree is
# separate so switching never rebuilds the other.
function Get-NativeTree {
    if ($Sanitize) {
        return @{ Dir = Join-Path $Artifacts 'native/Sanitize'; Type = 'Debug'; Extra = @('-DAGN_SANITIZE=ON') }
    }
    return @{ Dir = Join-Path $Artifacts 'native/Release'; Type = 'Release'; Extra = @() }
}

function Build-Native {
    $tree = Get-NativeTree
    Invoke-Step cmake (@('-S', (Join-Path $RepoRoot 'native'), '-B', $tree.Dir, "-DCMAKE_BUILD_TYPE=$($tree.Type)") + $tree.Extra)
    Invoke-Step cmake @('--build', $tree.Dir, '--config', $tree.Type, '--parallel', "$Jobs")
}

function Test-Native {
    $tree = Get-NativeTree
    Invoke-Step ctest @('--test-dir', $tree.Dir, '-C', $tree.Type, '--output-on-failure')
}

function Get-NativeRid {
    $arch = [Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    if ($IsWindows) { return @{ Rid = "win-$arch"; File = 'autograd_native.dll' } }
    if ($IsMacOS) { return @{ Rid = "osx-$arch"; File = 'libautograd_native.dylib' } }
    return @{ Rid = "linux-$arch"; File = 'libautograd_native.so' }
}

# Reads a .nupkg (a zip) with System.IO.Compression; returns its entry names and its .nuspec text.
function Read-Package([string] $Path) {
    $zip = [IO.Compression.ZipFile]::OpenRead($Path)
    try {
        $names = @($zip.Entries | ForEach-Object FullName)
        $nuspec = $zip.Entries | Where-Object { $_.FullName -like '*.nuspec' } | Select-Object -First 1
        $reader = [IO.StreamReader]::new($nuspec.Open())
        try { $text = $reader.ReadToEnd() } finally { $reader.Dispose() }
        return @{ Entries = $names; Nuspec = $text }
    }
    finally {
        $zip.Dispose()
    }
}

function Find-Package([string] $Directory, [string] $Id) {
    $pattern = '^' + [regex]::Escape($Id) + '\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg$'
    $found = @(Get-ChildItem -Path $Directory -Filter '*.nupkg' | Where-Object { $_.Name -match $pattern })
    if ($found.Count -ne 1) {
        throw "Expected one $Id package in $Directory, found $($found.Count)."
    }
    return $found[0].FullName
}

function Test-Packages([string] $Directory) {
    $native = Get-NativeRid
    $expected = "runtimes/$($native.Rid)/native/$($native.File)"

    $nativePackage = Find-Package $Directory 'Autograd.Native'
    $content = Read-Package $nativePackage
    if ($content.Entries -notcontains $expected) {
        throw "$nativePackage does not contain $expected. Entries:`n  $($content.Entries -join "`n  ")"
    }
    Write-Host "ok: $(Split-Path -Leaf $nativePackage) contains $expected" -ForegroundColor Green

    $managedPackage = Find-Package $Directory 'Autograd'
    $nuspec = [xml](Read-Package $managedPackage).Nuspec
    $dependencies = @($nuspec.SelectNodes("//*[local-name()='dependency']") | ForEach-Object { $_.GetAttribute('id') })
    if ($dependencies -notcontains 'Autograd.Native') {
        throw "$managedPackage does not depend on Autograd.Native (dependencies: $($dependencies -join ', '))."
    }
    Write-Host "ok: $(Split-Path -Leaf $managedPackage) depends on Autograd.Native" -ForegroundColor Green
}

if ($BenchmarkArgs.Count -gt 0 -and $Verb -ne 'bench') {
    throw "Unexpected arguments '$($BenchmarkArgs -join ' ')': only 'bench' passes extra arguments on. See Get-Help ./build.ps1."
}

Push-Location $RepoRoot
try {
    switch ($Verb) {
        'build' {
            $config = if ($Configuration) { $Configuration } else { 'Debug' }
            Build-Native
            Invoke-Step dotnet @('build', $Solution, '-c', $config)
        }
        'test' {
            $config = if ($Configuration) { $Configuration } else { 'Debug' }
            Build-Native
            Test-Native
            Invoke-Step dotnet @('test', $Solution, '-c', $config)
        }
        'bench' {
            $extra = @($BenchmarkArgs)
            if ($Short) { $extra += @('--job', 'short') }
            # Without a filter BenchmarkDotNet asks interactively which benchmark to run.
            if (-not ($extra | Where-Object { $_ -in '--filter', '-f' })) { $extra += @('--filter', '*') }
            Invoke-Step dotnet (@('run', '-c', 'Release', '--project', (Join-Path $RepoRoot 'bench/Autograd.Benchmarks'), '--') + $extra)
        }
        'pack' {
            $config = if ($Configuration) { $Configuration } else { 'Release' }
            $output = Join-Path $Artifacts 'packages'
            # Stale packages of another version would make the check ambiguous.
            if (Test-Path $output) { Remove-Item -Recurse -Force $output }
            Invoke-Step dotnet @('pack', $Solution, '-c', $config, '-o', $output)
            Test-Packages $output
        }
        'clean' {
            $targets = @(Get-Item -Path $Artifacts -ErrorAction SilentlyContinue)
            foreach ($folder in 'src', 'tests', 'samples', 'bench') {
                $root = Join-Path $RepoRoot $folder
                if (Test-Path $root) {
                    $targets += @(Get-ChildItem -Path $root -Directory -Recurse -Include 'bin', 'obj')
                }
            }
            foreach ($target in $targets) {
                if (-not (Test-Path -LiteralPath $target.FullName)) { continue } # inside one already removed
                Write-Host "> remove $($target.FullName)" -ForegroundColor Cyan
                Remove-Item -Recurse -Force -LiteralPath $target.FullName
            }
        }
    }
}
finally {
    Pop-Location
}
