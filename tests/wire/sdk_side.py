"""The official Python SDK as one side of the wire comparison.

`SdkService(svc)` finds every operation of `huaweicloudsdk<svc>` (all API versions) by asking
each client's `_<op>_http_info` for its method and path. `send()` turns a `--cli-jsonInput`
document into the SDK's request model (wire names mapped to attributes through
`attribute_map`, nested bodies through `openapi_types`) and calls the operation on a client
pointed at the capture server. Nothing reaches the network: the endpoint is given, and so are
the project and domain ids, so the SDK looks up nothing.
"""
import copy
import importlib
import inspect
import pkgutil
import re

from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig

PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime", "file"}


def norm_path(path):
    """A path with placeholders unnamed and no trailing slash, for matching."""
    return re.sub(r"\{[^}]*\}", "{}", path).rstrip("/") or "/"


def squash(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


class SdkOperation:
    """One SDK operation: its client class, method name, request class and wire facts."""

    def __init__(self, version, client_cls, method_name, request_cls, http_method, path):
        self.version = version
        self.client_cls = client_cls
        self.method_name = method_name
        self.request_cls = request_cls
        self.http_method = http_method
        self.path = path

    @property
    def name(self):
        return self.request_cls.__name__[: -len("Request")]


class SdkService:
    """Every operation of one SDK package."""

    def __init__(self, svc):
        self.package = importlib.import_module(f"huaweicloudsdk{svc}")
        self.operations = []
        for info in pkgutil.iter_modules(self.package.__path__):
            if re.fullmatch(r"v\d+", info.name):
                self._read_version(info.name)

    def _read_version(self, version):
        mod = importlib.import_module(f"{self.package.__name__}.{version}")
        models = {squash(n[:-len("Request")]): c for n, c in vars(mod).items()
                  if inspect.isclass(c) and n.endswith("Request")}
        clients = [c for n, c in vars(mod).items()
                   if inspect.isclass(c) and n.endswith("Client") and not n.endswith("AsyncClient")]
        for client in clients:
            for attr in dir(client):
                m = re.fullmatch(r"_(\w+)_http_info", attr)
                if not m or not hasattr(client, m.group(1)):
                    continue
                request_cls = models.get(squash(m.group(1)))
                if request_cls is None:
                    continue
                info = getattr(client, attr)(request_cls())
                self.operations.append(SdkOperation(
                    version, client, m.group(1), request_cls, info["method"], info["resource_path"]))

    def match(self, method, path, operation_id):
        """(SDK operation, how it was matched): the one with the same method and path
        template (placeholders unnamed, version prefix included; of several, the one of
        the same name) and "endpoint"; failing that, the one of the same name, which
        documents another endpoint, and "name"; else (None, None)."""
        key = (method.upper(), norm_path(path))
        by_path = [o for o in self.operations if (o.http_method, norm_path(o.path)) == key]
        if by_path:
            return next((o for o in by_path if o.name == operation_id), by_path[0]), "endpoint"
        same_name = next((o for o in self.operations if o.name == operation_id), None)
        return same_name, ("name" if same_name else None)


class Unknown:
    """Where the SDK's model has no attribute for a member of the input: paths of keys and
    list indexes from the top of the input (`("body", "tags", 0, "key")`)."""

    def __init__(self):
        self.members = []
        self.as_list = []  # scalars handed to the SDK as a list of one

    def add(self, where):
        self.members.append(where)

    def names(self):
        return [".".join(str(p) for p in w) for w in self.members]


def has_parameter(op, wire):
    """Whether the SDK's request model has a parameter of this wire name."""
    return attribute_for(op.request_cls, wire) is not None


def attribute_for(cls, wire, case_insensitive=False):
    for attr, name in cls.attribute_map.items():
        if name == wire or (case_insensitive and name.lower() == wire.lower()):
            return attr
    return None


def model_module(op):
    return importlib.import_module(f"{op.client_cls.__module__.rsplit('.', 1)[0]}.model")


def to_sdk(value, type_name, models, where, unknown):
    """`value` (wire JSON) as the SDK's type `type_name`; members it lacks go to `unknown`."""
    if value is None:
        return None
    m = re.fullmatch(r"list\[(.*)\]", type_name)
    if m:
        if not isinstance(value, list):
            return value
        return [to_sdk(v, m.group(1), models, where + (i,), unknown) for i, v in enumerate(value)]
    m = re.fullmatch(r"dict\(([^,]*),\s*(.*)\)", type_name)
    if m:
        if not isinstance(value, dict):
            return value
        return {k: to_sdk(v, m.group(2), models, where + (k,), unknown) for k, v in value.items()}
    if type_name in PRIMITIVES:
        return value
    cls = getattr(models, type_name, None)
    if cls is None or not isinstance(value, dict):
        return value
    obj = cls()
    for wire, v in value.items():
        attr = attribute_for(cls, wire)
        if attr is None:
            unknown.add(where + (wire,))
            continue
        setattr(obj, attr, to_sdk(v, cls.openapi_types[attr], models, where + (wire,), unknown))
    return obj


def build_request(op, inp):
    """(request model, Unknown) for a `--cli-jsonInput` document."""
    req = op.request_cls()
    models = model_module(op)
    unknown = Unknown()
    for part in ("path", "query", "header"):
        for wire, v in (inp.get(part) or {}).items():
            attr = attribute_for(op.request_cls, wire, case_insensitive=part == "header")
            if attr is None:
                unknown.add((part, wire))
                continue
            if (part == "query" and not isinstance(v, list)
                    and op.request_cls.openapi_types[attr].startswith("list[")):
                # The page says one value, the SDK's model a list: one value is a list of
                # one (the SDK would iterate a string character by character).
                unknown.as_list.append(f"{part}.{wire}")
                v = [v]
            setattr(req, attr, v)
    if inp.get("body") is not None:
        if "body" in op.request_cls.openapi_types:
            req.body = to_sdk(inp["body"], op.request_cls.openapi_types["body"], models,
                              ("body",), unknown)
        else:
            unknown.add(("body",))
    return req, unknown


def prune(inp, unknown, keep=lambda where: False):
    """A copy of the input without the members the SDK cannot express (but those `keep`
    says to keep)."""
    out = copy.deepcopy(inp)
    for where in unknown.members:
        if keep(where):
            continue
        holder = out
        for p in where[:-1]:
            holder = holder[p] if isinstance(holder, (dict, list)) else None
        if isinstance(holder, dict):
            holder.pop(where[-1], None)
    return out


class Sender:
    """SDK clients pointed at one endpoint, made once per client class and credential kind."""

    def __init__(self, endpoint, ak, sk, project_id, domain_id):
        self.endpoint, self.ak, self.sk = endpoint, ak, sk
        self.project_id, self.domain_id = project_id, domain_id
        self.clients = {}

    @staticmethod
    def is_global(op, account_in_path):
        """Whether `op` is called with GlobalCredentials (domain id): when the path's
        `{domain_id}` is the account's and the client accepts them, or when the client
        (IAM's) accepts nothing else; else BasicCredentials (project id)."""
        kinds = op.client_cls.new_builder()._credential_type
        glob = account_in_path == "domain_id" and "GlobalCredentials" in kinds
        return glob or "BasicCredentials" not in kinds

    def client(self, op, account_in_path):
        """The client for `op`, with the credentials `is_global` says."""
        glob = self.is_global(op, account_in_path)
        key = (op.client_cls, glob)
        if key not in self.clients:
            creds = (GlobalCredentials(self.ak, self.sk, self.domain_id) if glob
                     else BasicCredentials(self.ak, self.sk, self.project_id))
            cfg = HttpConfig.get_default_config()
            self.clients[key] = (op.client_cls.new_builder().with_credentials(creds)
                                 .with_http_config(cfg).with_endpoint(self.endpoint).build())
        return self.clients[key]

    def send(self, op, request, account_in_path):
        """Calls the operation; the error, if any, as text (a `{}` answer may not decode)."""
        try:
            getattr(self.client(op, account_in_path), op.method_name)(request)
            return None
        except Exception as e:  # noqa: BLE001 - reported with the comparison
            return f"{type(e).__name__}: {e}"
