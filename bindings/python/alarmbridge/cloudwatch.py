"""CloudWatch alarms as parse_event reads them (alarmbridge::cloudwatch): typed, read-only views
whose property names follow AWS Lambda Powertools' (``alarm_name``, ``state.value``,
``state.reason``, ``trigger.dimensions``, ...); ``to_dict()`` gives the model's JSON, the same as
``alarmbridge parse`` prints.
"""

from __future__ import annotations

import enum
from typing import Any, Dict, List, Optional

from ._model import Model


class AlarmState(enum.Enum):
    OK = "OK"
    ALARM = "ALARM"
    INSUFFICIENT_DATA = "INSUFFICIENT_DATA"


class AlarmKind(enum.Enum):
    METRIC = "metric"
    METRIC_MATH = "metric_math"
    ANOMALY_DETECTION = "anomaly_detection"
    COMPOSITE = "composite"


class AlarmOrigin(enum.Enum):
    SNS = "sns"
    EVENTBRIDGE = "eventbridge"
    LAMBDA_ACTION = "lambda_action"


class Dimension(Model):
    @property
    def name(self) -> str:
        return str(self._data["name"])

    @property
    def value(self) -> str:
        return str(self._data["value"])


class State(Model):
    @property
    def value(self) -> AlarmState:
        return AlarmState(self._data["value"])

    @property
    def reason(self) -> Optional[str]:
        return self._data.get("reason")

    @property
    def reason_data(self) -> Optional[str]:
        """The reason data as JSON text, verbatim."""
        return self._data.get("reason_data")

    @property
    def recent_datapoints(self) -> List[float]:
        return list(self._data.get("recent_datapoints", []))

    @property
    def timestamp(self) -> Optional[str]:
        """ISO 8601, UTC; None when the payload does not say."""
        return self._data.get("timestamp")


class Trigger(Model):
    @property
    def namespace(self) -> str:
        return str(self._data.get("namespace", ""))

    @property
    def metric_name(self) -> str:
        return str(self._data.get("metric_name", ""))

    @property
    def statistic(self) -> Optional[str]:
        return self._data.get("statistic")

    @property
    def extended_statistic(self) -> Optional[str]:
        return self._data.get("extended_statistic")

    @property
    def unit(self) -> Optional[str]:
        return self._data.get("unit")

    @property
    def dimensions(self) -> List[Dimension]:
        return [Dimension(d) for d in self._data.get("dimensions", [])]

    @property
    def period(self) -> Optional[int]:
        return self._data.get("period")

    @property
    def evaluation_periods(self) -> Optional[int]:
        return self._data.get("evaluation_periods")

    @property
    def datapoints_to_alarm(self) -> Optional[int]:
        return self._data.get("datapoints_to_alarm")

    @property
    def comparison_operator(self) -> Optional[str]:
        return self._data.get("comparison_operator")

    @property
    def threshold(self) -> Optional[float]:
        return self._data.get("threshold")

    @property
    def treat_missing_data(self) -> Optional[str]:
        return self._data.get("treat_missing_data")

    @property
    def metrics(self) -> List[Dict[str, Any]]:
        """Metric-math and anomaly-detection queries, as the model's JSON."""
        return list(self._data.get("metrics", []))


class Alarm(Model):
    @property
    def alarm_name(self) -> str:
        return str(self._data["name"])

    @property
    def kind(self) -> AlarmKind:
        return AlarmKind(self._data["kind"])

    @property
    def origin(self) -> AlarmOrigin:
        return AlarmOrigin(self._data["origin"])

    @property
    def alarm_description(self) -> Optional[str]:
        return self._data.get("description")

    @property
    def alarm_arn(self) -> Optional[str]:
        return self._data.get("arn")

    @property
    def account_id(self) -> str:
        return str(self._data.get("account_id", ""))

    @property
    def region(self) -> Optional[str]:
        return self._data.get("region")

    @property
    def partition(self) -> str:
        return str(self._data.get("partition", "aws"))

    @property
    def state(self) -> State:
        return State(self._data["state"])

    @property
    def previous_state(self) -> Optional[State]:
        prev = self._data.get("previous_state")
        return State(prev) if prev is not None else None

    @property
    def trigger(self) -> Optional[Trigger]:
        t = self._data.get("trigger")
        return Trigger(t) if t is not None else None

    @property
    def alarm_rule(self) -> Optional[str]:
        return self._data.get("alarm_rule")

    @property
    def alarm_actions(self) -> List[str]:
        return list(self._data.get("alarm_actions", []))

    @property
    def ok_actions(self) -> List[str]:
        return list(self._data.get("ok_actions", []))

    @property
    def console_url(self) -> Optional[str]:
        """The alarm in the CloudWatch console, built from the region and name."""
        return self._data.get("console_url")


__all__ = ["Alarm", "AlarmKind", "AlarmOrigin", "AlarmState", "Dimension", "State", "Trigger"]
