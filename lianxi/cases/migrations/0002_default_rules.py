from django.db import migrations

RULES = [
    ("已进入诉讼程序", "《信访工作条例》第三十一条；《中华人民共和国民事诉讼法》",
     "该事项已由人民法院受理，依法应通过诉讼程序解决。请关注案件审理进展。"),
    ("已申请仲裁", "《中华人民共和国仲裁法》；《中华人民共和国劳动争议调解仲裁法》",
     "该事项已进入仲裁程序，依法应由仲裁机构处理。"),
    ("已申请行政复议", "《中华人民共和国行政复议法》",
     "该事项已申请行政复议，依法应由复议机关在法定期限内作出决定。"),
    ("涉及国家秘密或依法不予公开事项", "《中华人民共和国保守国家秘密法》",
     "该事项依法不属于代表联络平台受理范围。"),
    ("不属于本行政区域", "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》",
     "该事项不属于本行政区域管辖，请向所在地人大代表或有关部门反映。"),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("cases", "OutOfScopeRule")
    for name, basis, explanation in RULES:
        Rule.objects.update_or_create(name=name, defaults={"legal_basis": basis, "explanation": explanation})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
