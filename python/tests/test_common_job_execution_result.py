"""JobID and JobExecutionResult (printed as Flink prints them)."""

import re

import pytest

from spate.common import JobExecutionResult, JobID


def test_job_id():
    job_id = JobID(None)
    assert re.fullmatch(r'[0-9a-f]{32}', str(job_id))
    assert JobID(str(job_id)) == job_id
    assert JobID.generate() != job_id
    assert str(JobID(bytes(range(16)))) == '000102030405060708090a0b0c0d0e0f'
    with pytest.raises(ValueError):
        JobID('abc')


def test_job_execution_result():
    result = JobExecutionResult('000102030405060708090a0b0c0d0e0f', 1234)
    assert isinstance(result.get_job_id(), JobID)
    assert str(result.get_job_id()) == '000102030405060708090a0b0c0d0e0f'
    assert result.get_net_runtime() == 1234
    assert result.get_accumulator_result('x') is None
    assert result.get_all_accumulator_results() == {}
    assert result.is_job_execution_result() is True
    assert result.get_job_execution_result() is result
    assert str(result) == ('Program execution finished\n'
                           'Job with JobID 000102030405060708090a0b0c0d0e0f has finished.\n'
                           'Job Runtime: 1234 ms\n')


def test_job_execution_result_with_accumulators():
    result = JobExecutionResult(None, 5, {'count': 3})
    assert result.get_accumulator_result('count') == 3
    assert str(result).endswith('Job Runtime: 5 ms\nAccumulator Results: \n'
                                '- count (java.lang.Long): 3\n\n')
