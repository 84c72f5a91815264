"""The torchrun launch path's pieces: the stream-setting mend of lora_worker.torchrun, the command
line of each node, torchrun's "Root Cause" summary, the job folder's files, and the removal of
checkpoint folders that a stopped rank left half-written."""

import os
import subprocess
import sys
import tempfile
import unittest

import _path  # noqa: F401
import torch

from lora_worker import distributed, job_folder, torchrun, torchrun_launch
from lora_worker.errors import WorkerError


class StreamSettingsTest(unittest.TestCase):
    def test_every_setting_parses_after_the_mend(self):
        from torch.distributed.elastic.multiprocessing.api import Std
        torchrun.mend_stream_settings()
        # The values of torchrun's documentation: 0 none, 1 stdout, 2 stderr, 3 both.
        self.assertEqual([int(Std.from_str(value)) for value in '0123'], [0, 1, 2, 3])
        self.assertEqual({rank: int(std) for rank, std in Std.from_str('0:3,1:0').items()}, {0: 3, 1: 0})
        with self.assertRaises(ValueError):
            Std.from_str('7')

    def test_the_launcher_starts_a_rank_that_sees_the_environment_torchrun_sets(self):
        folder = tempfile.mkdtemp()
        script = os.path.join(folder, 'rank.py')
        with open(script, 'w') as handle:  # a file a rank: the ranks share torchrun's stdout, lines may interleave
            handle.write('import os, sys\nwith open(os.path.join(sys.argv[1], "rank-" + os.environ["RANK"]), "w") as out:\n'
                         '    out.write(" ".join([os.environ["RANK"], os.environ["WORLD_SIZE"], os.environ["LOCAL_RANK"], '
                         'str(bool(os.environ.get("TORCHELASTIC_RUN_ID")))]))\n')
        env = {**os.environ, 'PYTHONPATH': torchrun_launch.PACKAGE_ROOT, 'OMP_NUM_THREADS': '1'}
        port = str(distributed.free_port())
        done = subprocess.run([sys.executable, '-m', 'lora_worker.torchrun', '--nnodes', '1', '--master_addr', '127.0.0.1',
                               '--master_port', port, '--nproc_per_node', '2', '--monitor_interval', '0.1', script, folder],
                              env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        seen = {}
        for rank in (0, 1):
            with open(os.path.join(folder, f'rank-{rank}')) as handle:
                seen[rank] = handle.read()
        self.assertEqual(seen, {0: '0 2 0 True', 1: '1 2 1 True'})


class LaunchCommandTest(unittest.TestCase):
    def test_one_node_meets_on_a_port_of_its_own(self):
        # Not --standalone: torch 1.13 puts every standalone rendezvous on port 29400.
        self.assertEqual(torchrun_launch.launch_command({'processes': 2}, '/tmp/job', port=41000, python='python3'),
                         ['python3', '-m', 'lora_worker.torchrun', '--nproc_per_node', '2', '--max_restarts', '0',
                          '--monitor_interval', '0.1', '--nnodes', '1', '--node_rank', '0', '--master_addr', '127.0.0.1',
                          '--master_port', '41000', '-m', 'lora_worker.rank', '/tmp/job'])

    def test_more_nodes_use_static_rendezvous_on_node_0(self):
        args = {'processes': 8, 'nodes': 2, 'master_addr': 'node0', 'master_port': 29500}
        command = torchrun_launch.launch_command(args, '/shared/job', node_rank=1, python='python3')
        self.assertEqual(command[5:], ['--max_restarts', '0', '--monitor_interval', '0.1', '--nnodes', '2',
                                       '--node_rank', '1', '--master_addr', 'node0', '--master_port', '29500',
                                       '-m', 'lora_worker.rank', '/shared/job'])

    def test_more_nodes_need_a_job_folder_and_a_master(self):
        with self.assertRaisesRegex(WorkerError, 'invalid nodes: 3 needs job_dir, master_port'):
            torchrun_launch._check({'processes': 1, 'nodes': 3, 'master_addr': 'node0'})


class RootCauseTest(unittest.TestCase):
    SUMMARY = '''
============================================================
lora_worker.rank FAILED
------------------------------------------------------------
Failures:
  <NO_OTHER_FAILURES>
------------------------------------------------------------
Root Cause (first observed failure):
[0]:
  time      : 2026-12-01_09:00:00
  host      : node0
  rank      : 1 (local_rank: 1)
  exitcode  : -9 (pid: 4242)
  error_file: <N/A>
  traceback : Signal 9 (SIGKILL) received by PID 4242
============================================================
'''

    def test_the_first_failure_is_read_from_the_summary(self):
        self.assertEqual(torchrun_launch.root_cause(self.SUMMARY), (1, -9))
        self.assertIsNone(torchrun_launch.root_cause('no summary here'))

    def test_the_failure_names_the_rank_its_signal_and_the_checkpoint_to_resume(self):
        folder = tempfile.mkdtemp()
        os.makedirs(os.path.join(folder, 'checkpoint-40'))
        with open(os.path.join(folder, 'checkpoint-40', 'trainer_state.json'), 'w') as handle:
            handle.write('{}')
        error = distributed.failure(2, [(1, -9)], {}, {'checkpoint_dir': folder}, 47)
        self.assertEqual(error.code, 'rank_failed')
        self.assertEqual(error.message, 'training rank 1 of 2 ended with signal SIGKILL after step 47; the other ranks '
                                        f'were stopped; resume: true continues from {folder}/checkpoint-40')
        # A rank that said why: its own error, with the rank added.
        said = distributed.failure(2, [(0, 1)], {0: {'code': 'diverged', 'message': 'loss is nan', 'details': {}}}, {}, 3)
        self.assertEqual((said.code, said.message, said.details), ('diverged', 'loss is nan', {'rank': 0}))


class JobFolderTest(unittest.TestCase):
    def test_events_are_read_once_and_only_whole_lines(self):
        folder = job_folder.JobFolder(tempfile.mkdtemp())
        folder.write_job({'args': {'processes': 2}})
        folder.event({'type': 'progress', 'step': 1})
        self.assertEqual(folder.new_events(), [{'type': 'progress', 'step': 1}])
        with open(folder.file(job_folder.EVENTS_FILE), 'a') as handle:
            handle.write('{"type": "progress", "st')  # rank 0 is mid-write
        self.assertEqual(folder.new_events(), [])
        with open(folder.file(job_folder.EVENTS_FILE), 'a') as handle:
            handle.write('ep": 2}\n')
        self.assertEqual(folder.new_events(), [{'type': 'progress', 'step': 2}])

    def test_a_new_job_clears_what_the_last_one_left(self):
        folder = job_folder.JobFolder(tempfile.mkdtemp())
        folder.write_job({'args': {}})
        folder.event({'step': 1})
        folder.finish({'steps': 1}, {'w': torch.ones(2)})
        folder.error(1, {'code': 'internal', 'message': 'x', 'details': {}})
        self.assertEqual(folder.read_result()['result'], {'steps': 1})
        self.assertEqual(set(folder.read_errors()), {1})
        folder.write_job({'args': {}})
        self.assertIsNone(folder.read_result())
        self.assertEqual(folder.read_errors(), {})
        self.assertEqual(job_folder.JobFolder(folder.path).new_events(), [])
        self.assertEqual(sorted(os.listdir(folder.path)), ['errors', 'job.pt'])  # no temporary file left


class PartialCheckpointsTest(unittest.TestCase):
    def test_folders_of_ended_processes_go_and_those_of_running_ones_stay(self):
        directory = tempfile.mkdtemp()
        ended = subprocess.Popen([sys.executable, '-c', 'pass'])
        ended.wait()
        for name in (f'.checkpoint-5.tmp-{ended.pid}', f'.checkpoint-6.tmp-{os.getpid()}', 'checkpoint-4'):
            os.makedirs(os.path.join(directory, name))
        distributed.remove_partial_checkpoints(directory)
        self.assertEqual(sorted(os.listdir(directory)), [f'.checkpoint-6.tmp-{os.getpid()}', 'checkpoint-4'])


if __name__ == '__main__':
    unittest.main()
