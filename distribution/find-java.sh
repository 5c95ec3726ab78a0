# Finds a JDK 21 or newer for building; sourced by distribution/run.sh, distribution/test.sh and .ci/run (POSIX sh).
#
#   . distribution/find-java.sh && find_jdk "run.sh" || exit 1
#
# find_jdk NAME exports JAVA_HOME (and puts its bin first on PATH) to the first JDK (java and javac) of 21 or newer
# among: JAVA_HOME, the `java` on PATH, the newest under /usr/lib/jvm (or $SSE_GATEWAY_JVM_DIR). When there is
# none it prints one line, "NAME: needs Java 21 or newer; set JAVA_HOME (found: ...)", on stderr and returns 1.
# bin/sse-gateway in the zip has its own copy of this logic (it ships alone, and needs no javac).

SSE_GATEWAY_MIN_JAVA=21

# prints the feature version (8, 17, 21, ...) of the java binary $1; fails when it does not run
java_major() {
    [ -x "$1" ] || return 1
    _jm_out=$("$1" -version 2>&1) || return 1
    case $_jm_out in *' version "'*) ;; *) return 1 ;; esac
    _jm_v=${_jm_out#*version \"}
    _jm_v=${_jm_v%%\"*}
    case $_jm_v in 1.*) _jm_v=${_jm_v#1.} ;; esac
    _jm_v=${_jm_v%%[!0-9]*}
    [ -n "$_jm_v" ] || return 1
    printf '%s\n' "$_jm_v"
}

# prints the java.home of the java binary $1 (follows /usr/bin/java alternatives and the like)
java_home_of() {
    "$1" -XshowSettings:properties -version 2>&1 | while IFS= read -r _jh_line; do
        case $_jh_line in
            *'java.home = '*) printf '%s\n' "${_jh_line#*java.home = }"; break ;;
        esac
    done
}

# checks that $1 is a JDK home of version 21 or newer; adds what it saw to _fj_found otherwise
_fj_accept() {
    if ! _fj_major=$(java_major "$1/bin/java"); then
        _fj_found="${_fj_found:+$_fj_found; }$2 has no working bin/java"
        return 1
    fi
    if [ "$_fj_major" -lt "$SSE_GATEWAY_MIN_JAVA" ]; then
        _fj_found="${_fj_found:+$_fj_found; }$2 is Java $_fj_major"
        return 1
    fi
    if [ ! -x "$1/bin/javac" ]; then
        _fj_found="${_fj_found:+$_fj_found; }$2 is Java $_fj_major without javac (a JRE, not a JDK)"
        return 1
    fi
    return 0
}

find_jdk() {
    _fj_found=
    _fj_home=
    if [ -n "${JAVA_HOME:-}" ] && _fj_accept "$JAVA_HOME" "JAVA_HOME=$JAVA_HOME"; then
        _fj_home=$JAVA_HOME
    fi
    if [ -z "$_fj_home" ] && _fj_path_java=$(command -v java 2>/dev/null); then
        _fj_path_home=$(java_home_of "$_fj_path_java")
        if [ -n "$_fj_path_home" ] && _fj_accept "$_fj_path_home" "$_fj_path_java"; then
            _fj_home=$_fj_path_home
        elif [ -z "$_fj_path_home" ]; then
            _fj_found="${_fj_found:+$_fj_found; }$_fj_path_java does not run"
        fi
    fi
    if [ -z "$_fj_home" ]; then
        _fj_dir=${SSE_GATEWAY_JVM_DIR:-/usr/lib/jvm}
        _fj_best=0
        for _fj_java in "$_fj_dir"/*/bin/java; do
            [ -x "${_fj_java%/java}/javac" ] || continue
            _fj_major=$(java_major "$_fj_java") || continue
            if [ "$_fj_major" -gt "$_fj_best" ]; then
                _fj_best=$_fj_major
                _fj_home=${_fj_java%/bin/java}
            fi
        done
        if [ "$_fj_best" -lt "$SSE_GATEWAY_MIN_JAVA" ]; then
            _fj_home=
            if [ "$_fj_best" -gt 0 ]; then
                _fj_found="${_fj_found:+$_fj_found; }newest JDK under $_fj_dir is Java $_fj_best"
            else
                _fj_found="${_fj_found:+$_fj_found; }no JDK under $_fj_dir"
            fi
        fi
    fi
    if [ -z "$_fj_home" ]; then
        printf '%s: needs Java %s or newer; set JAVA_HOME (found: %s)\n' \
            "${1:-sse-gateway}" "$SSE_GATEWAY_MIN_JAVA" "${_fj_found:-no java at all}" >&2
        return 1
    fi
    JAVA_HOME=$_fj_home
    PATH=$JAVA_HOME/bin:$PATH
    export JAVA_HOME PATH
}
