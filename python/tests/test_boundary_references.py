"""User code run while the extension converts a value (a __str__, __index__, __len__, an iterator, a
write()) may change or free what is being converted. Each job runs in a subprocess, since a borrowed
reference used after such a call crashes the interpreter; each asserts the right result or a clean
exception, and that the interpreter then runs another job."""
import os
import subprocess
import sys
import textwrap

PRELUDE = textwrap.dedent("""
    from decimal import Decimal
    from spate.common import Row, Types
    from spate.datastream import StreamExecutionEnvironment

    env = StreamExecutionEnvironment.get_execution_environment()

    holder = []

    class Emptying(Decimal):
        # A Decimal whose __str__ (called to convert it) empties `holder`.
        def __str__(self):
            holder.clear()
            return Decimal.__str__(self)

    def collect(stream):
        try:
            print(list(stream.execute_and_collect()))
        except Exception as error:  # the job's error, printed for the test to check
            print(f"raised {type(error).__name__}: {error}")
        # The interpreter stays usable for the next job.
        assert list(env.from_collection([1, 2]).map(lambda x: x + 1).execute_and_collect()) == [2, 3]
""")


def run_python(script: str) -> subprocess.CompletedProcess:
    # Python's debug allocator overwrites freed memory, so that using a freed object fails at once
    # rather than only when the memory happens to be reused.
    env = dict(os.environ, PYTHONMALLOC="debug")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)


def run_job(body: str) -> str:
    done = run_python(PRELUDE + textwrap.dedent(body))
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip()


def test_a_list_emptied_by_its_elements_str_converts_what_it_held():
    out = run_job("""
        def f(x):
            holder[:] = [Emptying("1.5"), Decimal("2.5"), Decimal("3.5")]
            return holder
        collect(env.from_collection([1]).map(f, output_type=Types.LIST(Types.BIG_DEC())))
    """)
    assert out == "[[Decimal('1.5'), Decimal('2.5'), Decimal('3.5')]]"


def test_a_row_given_as_a_list_emptied_by_a_fields_str_converts_its_fields():
    out = run_job("""
        holder[:] = [Emptying("1.5"), Decimal("2.5")]
        collect(env.from_collection([holder], type_info=Types.ROW([Types.BIG_DEC(), Types.BIG_DEC()])))
    """)
    assert out == "[Row(f0=Decimal('1.5'), f1=Decimal('2.5'))]"


def test_a_dict_changed_in_size_by_a_keys_str_is_a_clean_error():
    out = run_job("""
        class Clearing(Decimal):
            def __str__(self):
                held.clear()
                return Decimal.__str__(self)
        held = {}
        def f(x):
            held.update({Clearing("1"): 1, Decimal("2"): 2, Decimal("3"): 3})
            return held
        collect(env.from_collection([1]).map(f, output_type=Types.MAP(Types.BIG_DEC(), Types.INT())).name("m"))
    """)
    assert out.startswith("raised RuntimeError: operator 'm', function f (")
    assert out.endswith(": the dict changed size while it was converted")


def test_a_dict_whose_values_are_replaced_by_a_values_str_converts():
    out = run_job("""
        class Replacing(Decimal):
            def __str__(self):
                for key in held:
                    held[key] = Decimal("9")
                return Decimal.__str__(self)
        held = {}
        def f(x):
            held.clear()
            held.update({"a": Replacing("1"), "b": Decimal("2")})
            return held
        collect(env.from_collection([1]).map(f, output_type=Types.MAP(Types.STRING(), Types.BIG_DEC())))
    """)
    # The value being converted is held; the next entry is read after the change.
    assert out == "[{'a': Decimal('1'), 'b': Decimal('9')}]"


def test_index_float_hash_and_eq_of_elements_cannot_change_a_list_being_converted():
    out = run_job("""
        class Int(int):
            def __index__(self):
                holder.clear()
                return int(self)
        class Float(float):
            def __float__(self):
                holder.clear()
                return float.__float__(self)
        class Key(str):
            def __hash__(self):
                holder.clear()
                return str.__hash__(self)
            def __eq__(self, other):
                holder.clear()
                return str.__eq__(self, other)
        def ints(x):
            holder[:] = [Int(1), Int(2)]
            return holder
        def floats(x):
            holder[:] = [Float(0.5), Float(1.5)]
            return holder
        def keys(x):
            holder[:] = [Key("a"), Key("b")]
            return holder
        collect(env.from_collection([1]).map(ints, output_type=Types.LIST(Types.LONG())))
        collect(env.from_collection([1]).map(floats, output_type=Types.LIST(Types.DOUBLE())))
        collect(env.from_collection([1]).map(keys, output_type=Types.LIST(Types.STRING())))
    """)
    assert out.splitlines() == ["[[1, 2]]", "[[0.5, 1.5]]", "[['a', 'b']]"]


def test_tuple_and_row_subclasses_that_lie_about_their_length_or_items():
    out = run_job("""
        class Long(tuple):
            def __len__(self):
                return 10 ** 6
        class Three(tuple):
            def __iter__(self):
                return iter((1, 2, 3))
        class Lying(Row):
            def __len__(self):
                raise ValueError("no length")
        collect(env.from_collection([1]).map(lambda x: Long((x, 2)), output_type=Types.TUPLE([Types.INT(), Types.INT()])))
        collect(env.from_collection([1]).map(lambda x: Three((x, 2)), output_type=Types.TUPLE([Types.INT(), Types.INT()]))
                .name("three"))
        collect(env.from_collection([1]).map(lambda x: Lying(x, 2), output_type=Types.ROW([Types.INT(), Types.INT()]))
                .name("lying"))
    """)
    first, second, third = out.splitlines()
    assert first == "[(1, 2)]"
    assert second.startswith("raised ValueError: ") and "'three'" in second and "it has 3 fields where 2 are declared" in second
    assert third.startswith("raised JobExecutionException: ") and "'lying'" in third and "no length" in third


def test_a_flat_map_list_emptied_while_its_items_convert_ends_like_a_python_loop():
    out = run_job("""
        def f(x):
            holder[:] = [Emptying("1"), Decimal("2")]
            return holder
        collect(env.from_collection([1]).flat_map(f, output_type=Types.BIG_DEC()))
    """)
    assert out == "[Decimal('1')]"


def test_a_key_row_whose_field_pickling_empties_the_row_keys_by_its_fields():
    out = run_job("""
        row = None
        class Reducing:
            def __reduce__(self):
                row._values.clear()
                return (Reducing, ())
        def key(x):
            global row
            row = Row(Reducing(), x % 2)
            return row
        collect(env.from_collection([1, 2, 3]).key_by(key).map(lambda x: x * 10))
    """)
    assert sorted(eval(out)) == [10, 20, 30]


def test_a_stdout_whose_write_replaces_itself_and_raises():
    done = run_python(PRELUDE + textwrap.dedent("""
        import sys
        def leave(text):
            sys.stdout = sys.__stdout__  # the Leaving object's last reference
            raise OSError("stdout went away")
        class Leaving:
            def __init__(self):
                # Not a method: no frame of write() holds the object while the error is reported.
                self.write = leave
            def flush(self):
                pass
        sys.stdout = Leaving()
        env.from_collection([1]).print()
        try:
            env.execute("leaving")
        except Exception as error:
            sys.stdout = sys.__stdout__
            print(f"raised {type(error).__name__}: {error}")
        sys.stdout = sys.__stdout__
        print(list(env.from_collection([5]).map(lambda x: x + 1).execute_and_collect()))
    """))
    assert done.returncode == 0, done.stderr
    assert "raised JobExecutionException: " in done.stdout and "stdout went away" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[6]"


def test_objects_a_spate_thread_leaves_behind_are_freed_holding_the_gil_as_python_sees_it():
    # A threading.local's values live in the thread's Python state, cleared as the Spate thread ends.
    out = run_job("""
        import ctypes, threading
        seen = []
        class Noting:
            def __del__(self):
                seen.append(ctypes.pythonapi.PyGILState_Check())
        kept = threading.local()
        def f(x):
            kept.value = Noting()
            return x + 41
        collect(env.from_collection([1]).map(f))
        print(f"seen {seen}")
    """)
    assert out.splitlines() == ["[42]", "seen [1]"]
